import { useCallback, useEffect, useState } from 'preact/hooks';

/**
 * The app's routes, declared by the features that show them: each feature adds its route names and their
 * parameters here by declaration merging (`declare module '../../router.js' { interface Routes { … } }`), so a
 * feature owns its routes and `navigate` is still type-checked against all of them.
 */
// biome-ignore lint/suspicious/noEmptyInterface: features fill it by declaration merging, which only an interface allows
export interface Routes {}
export type RouteName = keyof Routes & string;
export type Route = { [N in RouteName]: { name: N } & Routes[N] }[RouteName];

/** Route name → the parameters its address must carry (a receipt needs its sale id). */
export type RouteTable = Readonly<Record<string, readonly string[]>>;

/**
 * Routes live in the address's hash (`#/receipt?saleId=…`): a reload (or the service worker reopening the app
 * offline) comes back to the same screen, and the back gesture of a phone goes back a screen instead of leaving.
 */
export function routeHash(route: Route): string {
  const { name, ...params } = route as { name: string } & Record<string, string>;
  const query = new URLSearchParams(params).toString();
  return `#/${name}${query ? `?${query}` : ''}`;
}

/** The route an address names, or null when it names none of the table's (or lacks a parameter). */
export function parseRouteHash(hash: string, table: RouteTable): Route | null {
  const match = /^#\/([\w-]+)(?:\?(.*))?$/.exec(hash);
  const name = match?.[1];
  const required = name !== undefined && Object.hasOwn(table, name) ? table[name] : undefined;
  if (!name || !required) return null;
  const query = new URLSearchParams(match?.[2] ?? '');
  const params: Record<string, string> = {};
  for (const param of required) {
    const value = query.get(param);
    if (!value) return null;
    params[param] = value;
  }
  return { name, ...params } as Route;
}

export type Navigate = (route: Route, options?: { replace?: boolean }) => void;

/** The current route from the hash (unknown addresses open `home`) and a way to change it. */
export function useHashRouter(table: RouteTable, home: Route): { route: Route; navigate: Navigate } {
  const read = () => parseRouteHash(location.hash, table) ?? home;
  const [route, setRoute] = useState<Route>(read);
  useEffect(() => {
    const onChange = () => setRoute(read());
    window.addEventListener('hashchange', onChange);
    if (!parseRouteHash(location.hash, table)) history.replaceState(null, '', routeHash(home));
    return () => window.removeEventListener('hashchange', onChange);
  }, [table]);
  const navigate = useCallback<Navigate>(
    (next, options) => {
      const hash = routeHash(next);
      if (options?.replace) history.replaceState(null, '', hash);
      else if (location.hash !== hash) history.pushState(null, '', hash);
      // pushState and replaceState fire no hashchange: set the route here (and again on the back button's hashchange).
      setRoute(parseRouteHash(hash, table) ?? home);
    },
    [table, home],
  );
  return { route, navigate };
}
