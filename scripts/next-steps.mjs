// Printed after `npm start` has run the demo workflow: where to go from here.
const lines = [
  '',
  'That was the first-arc template, run in this directory (state in .mia/state/).',
  'Try next:',
  '  pnpm --silent arcflow runs                 the runs so far',
  '  pnpm --silent arcflow show <runId>         a run told as a story',
  '  pnpm --silent arcflow workflows            what you can run here',
  '  pnpm --silent arcflow run <file.yaml>      your own workflow (see README.md)',
  '',
];
console.log(lines.join('\n'));
