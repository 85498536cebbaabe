// Points the frames of an error stack that fall in the bundled suite at the .ts sources. The
// extension host formats stacks itself, so Node's own source-map support never gets to do this.
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import * as path from 'node:path';

/** Source maps by bundle file, loaded once per suite run. */
export type SourceMapCache = Map<string, SourceMap | undefined>;

export function mapStack(stack: string, cache: SourceMapCache): string {
  return stack.replace(/(\/[^\s():]+\.js):(\d+):(\d+)/g, (frame, file: string, line: string, column: string) => {
    const entry = sourceMapOf(file, cache)?.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || !('originalSource' in entry)) return frame;
    const source = path.resolve(path.dirname(file), entry.originalSource);
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

function sourceMapOf(file: string, cache: SourceMapCache): SourceMap | undefined {
  if (!cache.has(file)) {
    const mapFile = `${file}.map`;
    cache.set(file, existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) : undefined);
  }
  return cache.get(file);
}
