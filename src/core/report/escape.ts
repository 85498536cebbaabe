// Escaping for the reports: every piece of text that came from a log goes through one of these.

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML element content and quoted attribute values; control characters become U+FFFD. */
export function escapeHtml(text: string): string {
  return withoutControls(text).replace(/[&<>"']/g, (ch) => HTML[ch] as string);
}

/**
 * Text for a Markdown paragraph or table cell: HTML specials as entities (some viewers render raw
 * HTML), Markdown punctuation backslash-escaped, line breaks as spaces, so that a log line can
 * neither format the report nor break out of a table.
 */
export function escapeMarkdown(text: string): string {
  return withoutControls(text)
    .replace(/[\r\n]+/g, ' ')
    .replace(/[&<>"]/g, (ch) => HTML[ch] as string)
    .replace(/[\\`*_{}[\]()#+!|~-]/g, (ch) => `\\${ch}`);
}

/** Drops what a renderer could misread: C0/C1 controls except tab and newline, and bidi controls. */
function withoutControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '\ufffd');
}
