/**
 * The strings of finding products (the size × colour grid, product images, the scanner and its device setting),
 * spread into the one message catalog (src/app/i18n/catalog.ts) in both languages.
 */
export const findingEn = {
  'scan.notRecognised': 'Scan not recognised, try again.',
  'scan.uneven':
    'Scan not recognised: the scanner paused in the middle of the code. Try again; if it keeps happening, raise the scanner gap on the Device screen.',
  'scan.tooSlow':
    'Scan not recognised: this scanner types slower than this device expects. Raise the scanner gap on the Device screen, then scan again.',
  'scanner.title': 'Barcode scanner',
  'scanner.gap': 'Largest gap between the keys of a scan (ms)',
  'scanner.gapHint': 'Wired scanners: 20 to 50. Slow Bluetooth scanners: 100 or more. Too high, and fast typing may be taken for a scan.',
  'scanner.save': 'Save scanner gap',
  'scanner.saved': 'Saved: a scan may now pause up to {ms} ms between keys.',
  'scanner.invalid': 'Enter a whole number from {min} to {max}.',
  'scanner.try': 'Test scan: scan any barcode into this field',
  'scanner.measured': 'That scan was {chars} keys, the longest gap {ms} ms.',
  'scanner.use': 'Use {ms} ms',
  'grid.open': 'Sizes',
  'grid.openNamed': 'Sizes and colours of {name}',
  'grid.title': 'Sizes and colours',
  'grid.close': 'Close sizes and colours',
  'grid.loading': 'Loading sizes and colours…',
  'grid.colour': 'Colour',
  'grid.oneSize': 'One size',
  'grid.noColour': 'No colour',
  'grid.add': 'Add {colour} {size}, {count} in stock',
  'grid.addUnknown': 'Add {colour} {size}, stock not known yet',
  'grid.none': '{colour} {size} is not made',
  'grid.inactive': '{colour} {size} is no longer sold',
  'grid.variants': '{count} variants',
  'grid.variants_one': '1 variant',
} as const;
