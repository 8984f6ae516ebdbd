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

export function parseName(input: string): Name {
  const refuse = (why: string): never => {
    throw new WfoError(`invalid name ${JSON.stringify(input)}: ${why}`, ExitCode.Usage);
  };
  if (!input.trim()) refuse('it is empty');
  if (input.length > MAX_LENGTH) refuse(`it is longer than ${MAX_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(input)) refuse('it contains control characters');
  if (/[\\/]/.test(input) || input.includes('..')) refuse('it contains a path separator or ".." (give a name, not a path)');
  if (!/^[A-Za-z][A-Za-z0-9_ -]*$/.test(input)) refuse('use letters, digits, "-", "_" or spaces, starting with a letter');
  const words = input
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  const camel = words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
  if (RESERVED.has(camel)) refuse(`"${camel}" is a reserved word in JavaScript`);
  return {
    kebab: words.join('-'),
    camel,
    pascal: camel[0]!.toUpperCase() + camel.slice(1),
    constant: words.join('_').toUpperCase(),
    words: words.join(' '),
  };
}
