/**
 * The name given to `wfo new`, in every case style the generated code needs, after refusing what
 * cannot be a file name and an identifier at once.
 */
import { ExitCode, WfoError } from '../errors.js';

export interface Name {
  /** order-checkout: file names */
  readonly kebab: string;
  /** orderCheckout: functions */
  readonly camel: string;
  /** OrderCheckout: types */
  readonly pascal: string;
  /** ORDER_CHECKOUT: constants */
  readonly constant: string;
  /** order checkout: prose */
  readonly words: string;
}

const MAX_LENGTH = 100;

/** JavaScript and TypeScript reserved words, strict-mode ones included (ECMA-262 §12.7.2). */
const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface ' +
    'package private protected public await arguments eval undefined'
  ).split(' '),
);

/**
 * File names a generated `<name>.ts` must not take: `index` is the folder's barrel (Node and
 * TypeScript resolve `./workflows` to it), and Windows refuses device names as file names whatever
 * their extension (https://learn.microsoft.com/windows/win32/fileio/naming-a-file).
 */
const RESERVED_FILE_NAMES: Record<string, string> = {
  index: 'index.ts is the barrel of the workflows and activities folders',
  ...Object.fromEntries(['con', 'prn', 'aux', 'nul', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`com${n}`, `lpt${n}`])].map((device) => [device, `Windows cannot create a file named ${device}.ts`])),
};

/**
 * CommonJS puts these in every module's scope, so a top-level function of that name breaks the
 * compiled module (TypeScript: "Compiler reserves name … in top level scope of a module").
 */
const MODULE_SCOPE = new Set(['require', 'exports', 'module']);

/** What a pattern appends to the name: its name, and the first word of every suffix its code puts after the name (`Callback` in `<name>Callback`). */
export interface PatternWords {
  readonly pattern: string;
  readonly appended: ReadonlySet<string>;
}

export function parseName(input: string, pattern?: PatternWords): Name {
  const refuse = (why: string): never => {
    throw new WfoError(`invalid name ${JSON.stringify(input)}: ${why}`, ExitCode.Usage);
  };
  if (!input.trim()) refuse('it is empty');
  if (input.length > MAX_LENGTH) refuse(`it is longer than ${MAX_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(input)) refuse('it contains control characters');
  if (/[\\/]/.test(input) || input.includes('..')) refuse('it contains a path separator or ".." (give a name, not a path)');
  if (!/^[A-Za-z][A-Za-z0-9_ -]*$/.test(input)) refuse('use letters, digits, "-", "_" or spaces, starting with a letter');
  const given = fromWords(
    input
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .split(/[\s_-]+/)
      .filter(Boolean)
      .map((w) => w.toLowerCase()),
  );
  const name = pattern ? withoutPatternWord(given, pattern) : given;
  if (RESERVED.has(name.camel)) refuse(`"${name.camel}" is a reserved word in JavaScript`);
  if (MODULE_SCOPE.has(name.camel)) refuse(`"${name.camel}" is a name every CommonJS module already has`);
  const file = RESERVED_FILE_NAMES[name.kebab];
  if (file) refuse(`${file}; choose another name`);
  return name;
}

/**
 * The name without the pattern's own word at its end, when the pattern's code appends that word
 * to the name itself: `payment-callback` for async-callback, whose signal is `<name>Callback`,
 * becomes `payment` (signal `paymentCallback`, not `paymentCallbackCallback`). Rails' generators
 * do the same with `_controller`. A name that is only the word keeps it.
 */
function withoutPatternWord(name: Name, { pattern, appended }: PatternWords): Name {
  const words = name.words.split(' ');
  const patternWords = pattern.toLowerCase().split(/[\s_-]+/).filter(Boolean);
  if (!appended.has(patternWords[patternWords.length - 1]!)) return name;
  // The longest tail of the pattern's name that the name ends with: `payment-async-callback`, `payment-callback`.
  for (let from = 0; from < patternWords.length; from++) {
    const tail = patternWords.slice(from);
    if (tail.length < words.length && words.slice(-tail.length).join(' ') === tail.join(' ')) return fromWords(words.slice(0, -tail.length));
  }
  return name;
}

function fromWords(words: string[]): Name {
  const camel = words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
  return {
    kebab: words.join('-'),
    camel,
    pascal: camel[0]!.toUpperCase() + camel.slice(1),
    constant: words.join('_').toUpperCase(),
    words: words.join(' '),
  };
}
