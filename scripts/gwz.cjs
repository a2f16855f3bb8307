#!/usr/bin/env node
// The `gwz` command (package.json "bin"): runs the bundled CLI, or says how to get it.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const cli = join(__dirname, '..', 'dist', 'cli', 'gwz.cjs');
if (!existsSync(cli)) {
  process.stderr.write(
    'gwz：命令行尚未构建，请先运行 npm run build\n' + 'gwz: the CLI is not built yet, run npm run build first\n',
  );
  process.exit(5);
}
require(cli);
