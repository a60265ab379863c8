import type { ComponentChildren, ComponentType } from 'preact';
import type { Observable } from 'rxjs';
import type { Action } from '../../domain/index.js';
import type { AppState } from '../context.js';
import type { VitrineDatabase } from '../db/database.js';
import type { Session } from '../device/session.js';
import type { MessageKey } from '../i18n/index.js';
import type { Route, RouteName, Routes } from '../router.js';

/** Why the last staff member signed out: a person signing out takes their work with them, an idle till keeps it. */
export type SignOutReason = 'person' | 'idle';
export interface SignOutEvent {
  reason: SignOutReason;
  at: number;
}

/** A tab in the app's navigation. */
export interface NavEntry {
  label: MessageKey;
  /** Where the tab goes. */
  target: Route;
  /** The routes during which the tab shows as the current one (default: the target's). */
  current?: readonly RouteName[];
  /** Only staff whose role may do this see the tab (default: everyone signed in). */
  permission?: Action;
  /** A live count shown on the tab (e.g. open orders; nothing shown at 0), with the words a screen reader says for it. */
  badge?: {
    count: (app: AppState) => Observable<number>;
    label: MessageKey;
    /** How many of the counted need someone now (customers waiting): the badge turns urgent and says so. */
    urgent?: (app: AppState) => Observable<number>;
  };
  /** A live state word shown on the tab (the register shift: open or closed), with the words a screen reader says. */
  chip?: (app: AppState) => Observable<NavChip | null>;
}

export interface NavChip {
  text: MessageKey;
  label: MessageKey;
  tone: 'ok' | 'muted';
}

/**
 * A feature of the app: the routes it shows (each with the parameters its address carries), its screen, its tab,
 * and state that must outlive its screens. The app composes a list of these; adding a feature adds one to the list.
 */
export interface Feature<N extends RouteName = RouteName> {
  id: string;
  routes: { readonly [K in N]: readonly (keyof Routes[K] & string)[] };
  nav?: NavEntry;
  /** Rendered for the feature's own routes only. */
  Screen: ComponentType<{ route: Extract<Route, { name: N }> }>;
  /** Shown above every screen while someone is signed in, whatever the route (a customer waiting outside). */
  Banner?: ComponentType;
  /** Wraps the enrolled app, signed in or not, so its state survives screen changes and an idle sign-out. */
  Provider?: ComponentType<{ children: ComponentChildren; lastSignOut: SignOutEvent | null; db: VitrineDatabase; session: Session | null }>;
}

/**
 * Checks a feature against its own routes, then widens it for the app's list. The widening is sound because the
 * shell renders a feature's Screen only for the routes in its `routes` table.
 */
export const defineFeature = <N extends RouteName>(feature: Feature<N>): Feature => feature as unknown as Feature;
