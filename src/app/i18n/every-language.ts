import { registerLanguage } from './catalog.js';
import { en } from './en.js';
import { ptBR } from './pt-BR.js';

/**
 * The catalog with every language loaded at once, for the server (receipts, the pickup page, push alerts) and tests.
 * The app loads a language only when it is chosen (load-language.ts).
 */
registerLanguage('en', en);
registerLanguage('pt-BR', ptBR);

export * from './catalog.js';
