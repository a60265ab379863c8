import { useI18n, type MessageKey } from '../../i18n/index.js';
import type { ModeFilter, QueueFilter, StateFilter, WhenFilter } from './queue.js';

const groups = {
  state: ['all', 'todo', 'ready', 'waiting'] as StateFilter[],
  mode: ['all', 'counter', 'curbside'] as ModeFilter[],
  when: ['all', 'today', 'overdue'] as WhenFilter[],
};

/** Three small choices as chips: what state, counter or curbside, when due. "All" clears a group. */
export function QueueFilters({ filter, onChange }: { filter: QueueFilter; onChange: (f: QueueFilter) => void }) {
  const { t } = useI18n();
  return (
    <div class="pickup-filters">
      {(Object.keys(groups) as (keyof QueueFilter)[]).map((group) => (
        <fieldset key={group} class="chips" aria-label={t(`pickup.filter.${group}` as MessageKey)}>
          {groups[group].map((value) =>
            value === 'all' && group !== 'state' ? null : (
              <button
                key={value}
                type="button"
                class={`chip ${filter[group] === value ? 'chip-active' : ''}`}
                aria-pressed={filter[group] === value}
                onClick={() => onChange({ ...filter, [group]: filter[group] === value ? 'all' : value })}
                data-testid={`pickup-filter-${group}-${value}`}
              >
                {t(`pickup.filter.${group}.${value}` as MessageKey)}
              </button>
            ),
          )}
        </fieldset>
      ))}
    </div>
  );
}
