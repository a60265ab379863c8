/**
 * The product search's strings, spread into the one message catalog (src/app/i18n/catalog.ts) in both languages:
 * kept beside the feature so the shared catalog changes by one line each.
 */
export const searchEn = {
  'search.count': '{shown} of {total}',
  'search.more': 'Show {count} more',
  'search.more_one': 'Show 1 more',
  'search.categories': 'Filter by category',
  'search.allCategories': 'All ({count})',
  'search.category': '{category} ({count})',
  'search.warming': 'Full search is getting ready ({count} products so far): for now only the start of a name or an SKU is matched.',
} as const;
