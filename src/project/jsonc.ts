/**
 * JSON with comments and trailing commas, as tsconfig.json allows, without loading TypeScript.
 */
export function parseJsonc(text: string): unknown {
  return JSON.parse(stripJsonc(text));
}

/**
 * Blanks out comments and trailing commas, keeping every other character in place so that
 * positions in the result are positions in the source.
 */
export function stripJsonc(text: string): string {
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const out = source.split('');
  let lastComma = -1;
  for (let i = 0; i < source.length; ) {
    const ch = source[i]!;
    if (ch === '"') {
      i = stringEnd(source, i);
      lastComma = -1;
    } else if (ch === '/' && (source[i + 1] === '/' || source[i + 1] === '*')) {
      const end = source[i + 1] === '/' ? lineEnd(source, i) : blockEnd(source, i);
      for (let j = i; j < end; j++) if (out[j] !== '\n') out[j] = ' ';
      i = end;
    } else {
      if (ch === ',') lastComma = i;
      else if ((ch === '}' || ch === ']') && lastComma >= 0) out[lastComma] = ' ';
      if (!/\s/.test(ch) && ch !== ',') lastComma = -1;
      i++;
    }
  }
  return out.join('');
}

function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

function lineEnd(text: string, start: number): number {
  const end = text.indexOf('\n', start);
  return end < 0 ? text.length : end;
}

function blockEnd(text: string, start: number): number {
  const end = text.indexOf('*/', start + 2);
  return end < 0 ? text.length : end + 2;
}
