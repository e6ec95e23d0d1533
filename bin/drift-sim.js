#!/usr/bin/env node
// The installed entry point: runs the compiled CLI (built by `npm ci` through `prepare`).
// Colour only on a terminal: picocolors would also colour piped output under CI=true, so
// without a TTY (and unless asked with FORCE_COLOR) colour is turned off before it loads.
if (!process.stdout.isTTY && process.env.FORCE_COLOR === undefined) process.env.NO_COLOR = '1';
// A reader that stops early (`| head`) is not an error of ours: stop quietly.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { main } = await import('../dist/src/cli/main.js');

process.exitCode = await main(process.argv.slice(2));
