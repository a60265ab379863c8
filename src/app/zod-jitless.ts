import { z } from 'zod';

/**
 * The app runs under a Content-Security-Policy without 'unsafe-eval' (sync-server/http/security.ts), so zod cannot
 * compile its fast parsers with `new Function`, and its probe for it is reported by the browser as a violation even
 * though zod catches the error. Imported first by main.tsx: zod reads the setting as each schema is built.
 */
z.config({ jitless: true });
