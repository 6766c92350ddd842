// The page at / of wiretop's HTTP endpoint: what it is and where the metrics are (static HTML: no script, no styles to allow).

export interface LandingPage {
  readonly version: string;
  /** Paths served, with what each is. */
  readonly links: readonly { readonly path: string; readonly title: string }[];
}

/** Content-Security-Policy of the page: it loads nothing and runs nothing. */
export const LANDING_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function landingPage(p: LandingPage): string {
  const items = p.links.map((l) => `<li><a href="${escapeHtml(l.path)}">${escapeHtml(l.path)}</a> ${escapeHtml(l.title)}</li>`).join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><title>wiretop</title></head>',
    '<body>',
    `<h1>wiretop ${escapeHtml(p.version)}</h1>`,
    '<p>Per-host bandwidth from packet capture, for Prometheus.</p>',
    `<ul>\n${items}\n</ul>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
