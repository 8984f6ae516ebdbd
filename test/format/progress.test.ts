/** The progress line: silent for short runs and on pipes, one erasable line on a terminal. */
import { afterEach, expect, it } from 'vitest';
import { progressLine } from '../../src/format/progress.js';

function fakeTerminal(isTTY: boolean): NodeJS.WriteStream & { written: string } {
  const stream = { isTTY, columns: 60, written: '', write(chunk: string) { stream.written += chunk; return true; } };
  return stream as unknown as NodeJS.WriteStream & { written: string };
}

const savedCi = process.env.CI;
afterEach(() => {
  if (savedCi === undefined) delete process.env.CI;
  else process.env.CI = savedCi;
});

it('draws nothing during the first second, then one line that clear() erases', () => {
  delete process.env.CI;
  let clock = 0;
  const stream = fakeTerminal(true);
  const progress = progressLine(stream, () => clock)!;
  progress.update('reading', 10, 100);
  clock = 999;
  progress.update('reading', 50, 100);
  expect(stream.written).toBe('');
  clock = 1200;
  progress.update('reading', 60, 100);
  expect(stream.written).toBe('\r\x1b[Kwfo: reading 60/100 files');
  clock = 1250;
  progress.update('reading', 61, 100); // throttled
  progress.update('checking', 100, 100); // the last step is always drawn
  expect(stream.written.endsWith('\r\x1b[Kwfo: checking 100/100 files')).toBe(true);
  progress.clear();
  expect(stream.written.endsWith('\r\x1b[K')).toBe(true);
});

it('is absent on a pipe and in CI', () => {
  delete process.env.CI;
  expect(progressLine(fakeTerminal(false))).toBeUndefined();
  process.env.CI = 'true';
  expect(progressLine(fakeTerminal(true))).toBeUndefined();
});

it('a short run on a terminal leaves no trace', () => {
  delete process.env.CI;
  const stream = fakeTerminal(true);
  const progress = progressLine(stream, () => 0)!;
  progress.update('reading', 1, 1);
  progress.clear();
  expect(stream.written).toBe('');
});
