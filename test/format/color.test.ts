/** When wfo colours its output: flags, then FORCE_COLOR, then NO_COLOR, then the terminal (ESLint's and Node's order). */
import { expect, it } from 'vitest';
import { shouldColor } from '../../src/format/color.js';

const terminal = { isTTY: true };
const pipe = { isTTY: false };

it('follows the terminal when nothing is set', () => {
  expect(shouldColor(undefined, terminal, {})).toBe(true);
  expect(shouldColor(undefined, pipe, {})).toBe(false);
  expect(shouldColor(undefined, terminal, { TERM: 'dumb' })).toBe(false);
});

it('FORCE_COLOR turns colour on for a pipe, and 0 or false turns it off on a terminal', () => {
  for (const value of ['1', '2', '3', 'true', '']) expect(shouldColor(undefined, pipe, { FORCE_COLOR: value }), value).toBe(true);
  for (const value of ['0', 'false']) expect(shouldColor(undefined, terminal, { FORCE_COLOR: value }), value).toBe(false);
  expect(shouldColor(undefined, pipe, { FORCE_COLOR: '1', TERM: 'dumb' })).toBe(true);
});

it('NO_COLOR (set and not empty) turns it off, unless FORCE_COLOR asks for it', () => {
  expect(shouldColor(undefined, terminal, { NO_COLOR: '1' })).toBe(false);
  expect(shouldColor(undefined, terminal, { NO_COLOR: '' })).toBe(true);
  expect(shouldColor(undefined, pipe, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(true);
});

it('--color and --no-color win over everything', () => {
  expect(shouldColor(true, pipe, { NO_COLOR: '1', FORCE_COLOR: '0' })).toBe(true);
  expect(shouldColor(false, terminal, { FORCE_COLOR: '3' })).toBe(false);
});

it('a report file is coloured only when --color asks', () => {
  expect(shouldColor(undefined, 'file', { FORCE_COLOR: '1' })).toBe(false);
  expect(shouldColor(true, 'file', {})).toBe(true);
});
