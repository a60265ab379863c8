import { escapeHtml } from '../pickup/escape-html.js';

/**
 * The page a customer's link answers when it opens nothing (unknown, malformed, expired or not accepted): a title
 * and a sentence in the customer's language, the same bytes whatever the reason, so the page gives no hint which.
 */
export function renderNotFoundPage(page: { lang: string; title: string; message: string; cssUrl: string }): string {
  const title = escapeHtml(page.title);
  return `<!doctype html>
<html lang="${escapeHtml(page.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title}</title>
<link rel="stylesheet" href="${escapeHtml(page.cssUrl)}">
</head>
<body>
<main>
<h1>${title}</h1>
<p>${escapeHtml(page.message)}</p>
</main>
</body>
</html>
`;
}
