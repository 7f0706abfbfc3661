import rule from './unresolved-import.ts'
import { ruleTester } from '../../test/rule-tester.ts'

const pkg = JSON.stringify({
  dependencies: { hono: '4' },
  devDependencies: { '@types/node': '20', vitest: '4' },
})

ruleTester(rule, {
  valid: [
    {
      name: 'relative .ts import, declared package, subpath, node builtin, scheme',
      code: "import { D } from './lib/money.ts'\nimport { Hono } from 'hono'\nimport { cors } from 'hono/cors'\nimport fs from 'node:fs'\nimport path from 'path'\nimport { env } from 'cloudflare:workers'\n",
      files: { 'package.json': pkg, 'src/lib/money.ts': 'export const D = 1\n' },
    },
    {
      name: '.js specifier resolving to a .ts file, index resolution, lazy import',
      code: "export * from './routes/index.js'\nimport x from './util'\nconst m = await import('./lazy.ts')\n",
      files: {
        'package.json': pkg,
        'src/routes/index.ts': '',
        'src/util/index.ts': '',
        'src/lazy.ts': '',
      },
    },
    {
      name: 'Python stdlib, local package, declared dist with a different import name',
      lang: 'python',
      code: 'import os\nfrom decimal import Decimal\nfrom app.services import orders\nfrom jose import jwt\nimport yaml\nfrom . import models\nfrom .models import Order\n',
      files: {
        'requirements.txt': 'python-jose[cryptography]==3.3\nPyYAML>=6\n',
        'app/services/orders.py': '',
        'app/models.py': '',
      },
    },
    {
      name: 'optional import guarded by ImportError',
      lang: 'python',
      code: 'try:\n    import uvloop\nexcept ImportError:\n    uvloop = None\n',
      files: { 'requirements.txt': 'fastapi\n' },
    },
  ],
  invalid: [
    {
      name: 'missing relative file and undeclared package',
      code: "import { x } from './nope.ts'\nimport ccxt from 'ccxt'\n",
      files: { 'package.json': pkg },
      errors: [
        { line: 1, messageId: 'missingFile' },
        { line: 2, messageId: 'undeclared' },
      ],
    },
    {
      name: 'Python missing local module and undeclared distribution',
      lang: 'python',
      code: 'from .routes import ai_analysis\nimport ccxt\nfrom fastapi import APIRouter\n',
      files: { 'requirements.txt': 'fastapi==0.110\n' },
      errors: [
        { line: 1, messageId: 'missingFile' },
        { line: 2, messageId: 'undeclared' },
      ],
    },
  ],
})
