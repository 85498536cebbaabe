// The triage part of the hover over a match: the record's verdict for that rule (who, the note)
// and links to mark it confirmed, false positive or needs review. The note is the reviewer's text
// and goes in as text; the links are our commands with arguments percent-encoded. No `vscode`
// import, so that a unit test can check it.
import { commandUri, type HoverPart } from './hover-content';
import type { TriageMark, Verdict } from './triage-file';

export interface TriageLinkTarget {
  log: string;
  line: number;
  ruleId: string;
}

const LABELS: Record<Verdict, string> = { confirmed: 'Confirmed', false_positive: 'False positive', needs_review: 'Needs review' };

/** `commands` names the command of each verdict. */
export function triageHoverParts(target: TriageLinkTarget, mark: TriageMark | undefined, commands: Record<Verdict, string>): HoverPart[] {
  const parts: HoverPart[] = [{ kind: 'markdown', text: '\n\n**Triage** ' }];
  if (mark) {
    parts.push({ kind: 'text', text: `${LABELS[mark.verdict].toLowerCase()}${mark.by ? ` by ${mark.by}` : ''}${mark.note ? `: ${mark.note}` : ''}` });
  } else {
    parts.push({ kind: 'text', text: 'not marked' });
  }
  const links = (Object.keys(LABELS) as Verdict[])
    .filter((verdict) => verdict !== mark?.verdict)
    .map((verdict) => `[${LABELS[verdict]}](${commandUri(commands[verdict], [target])})`);
  parts.push({ kind: 'markdown', text: ` \u2014 mark as ${links.join(' \u00b7 ')}` });
  return parts;
}
