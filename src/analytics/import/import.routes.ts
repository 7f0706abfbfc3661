/**
 * @module `POST /v1/fills/import`: the caller's trade history from elsewhere into venue `imported`
 * (see import.service.ts for storage, de-duplication and what is not touched).
 *
 * Bodies, by `Content-Type`:
 * - `application/json`: an array of `{ts, symbol, side, amount, price, fee, feeCurrency, tradeId?}`
 *   (decimals as strings), or `{ "fills": [ … ] }`;
 * - `text/csv`: a Binance spot trade-history export;
 * - `multipart/form-data` with a `file` field holding either (a `.json` name or an
 *   `application/json` part is read as JSON, anything else as CSV).
 * Anything else is 415. Limits: `maxRows` rows (422 naming the limit) and `FILL_IMPORT_MAX_BYTES`
 * bytes (413, set in app.ts in place of the global body limit for this path).
 */
import { Hono, type Context } from 'hono'
import { describeRoute } from 'hono-openapi'
import * as v from 'valibot'
import { jsonResponse, problemResponses, SECURITY } from '../../http/openapi-doc.ts'
import type { AppEnv } from '../../http/types.ts'
import { ProblemError } from '../../lib/problem.ts'
import { principalOf, type RouteAuth } from '../../trading/route-auth.ts'
import type { FillImportService, ImportSource } from './import.service.ts'
import { FillImportError } from './types.ts'

export const FILL_IMPORT_PATH = '/v1/fills/import'
/** Body limit of the import route: a 50,000-row Binance export is about 4.5 MB. */
export const FILL_IMPORT_MAX_BYTES = 8 * 1_048_576

const ACCEPTED = 'application/json, text/csv, multipart/form-data'

const ImportResultSchema = v.object({
  imported: v.pipe(v.number(), v.description('Rows stored by this request')),
  duplicates: v.pipe(v.number(), v.description('Rows already stored (re-import, overlap)')),
  venue: v.literal('imported'),
  from: v.pipe(v.nullable(v.string()), v.description('Earliest fill time in the file')),
  to: v.pipe(v.nullable(v.string()), v.description('Latest fill time in the file')),
})

const unsupported = () =>
  new ProblemError({
    status: 415,
    type: 'unsupported-media-type',
    detail: `Send the history as ${ACCEPTED} (a "file" field).`,
    headers: { 'accept-post': ACCEPTED },
  })

const malformedJson = () =>
  new ProblemError({
    status: 400,
    type: 'malformed-request',
    detail: 'The request body is not valid JSON.',
  })

function fromJson(text: string): ImportSource {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw malformedJson()
  }
  // `{ fills: [...] }` is accepted as well as a bare array; row numbers are the array's.
  if (body !== null && typeof body === 'object' && !Array.isArray(body) && 'fills' in body) {
    body = (body as { fills: unknown }).fills
  }
  return { format: 'json', body }
}

async function sourceOf(c: Context<AppEnv>): Promise<ImportSource> {
  const media = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (/^application\/([\w.-]+\+)?json$/.test(media)) return fromJson(await c.req.text())
  if (media === 'text/csv') return { format: 'binance-csv', text: await c.req.text() }
  if (media === 'multipart/form-data') {
    let form: Record<string, unknown>
    try {
      form = await c.req.parseBody()
    } catch {
      throw new ProblemError({
        status: 400,
        type: 'malformed-request',
        detail: 'The multipart body could not be read.',
      })
    }
    const file = form.file
    if (!(file instanceof Blob)) {
      throw new ProblemError({
        status: 422,
        type: 'validation-error',
        title: 'Validation failed',
        detail: 'Attach the export as a "file" field.',
        errors: [{ path: 'file', message: 'is required and must be a file' }],
      })
    }
    const name = file instanceof File ? file.name.toLowerCase() : ''
    const json = /json/i.test(file.type) || name.endsWith('.json')
    const text = await file.text()
    return json ? fromJson(text) : { format: 'binance-csv', text }
  }
  throw unsupported()
}

export function createFillImportRouter({
  fillImport,
  auth,
}: {
  fillImport: FillImportService
  auth: RouteAuth
}) {
  return new Hono<AppEnv>().post(
    FILL_IMPORT_PATH,
    describeRoute({
      tags: ['orders'],
      summary: 'Import trade history (JSON fills or a Binance trade-history CSV)',
      description:
        'Stores the fills in venue `imported` (mode live, no order, no bot), all or nothing, and updates analytics in the same transaction; positions are not changed. ' +
        'Send `application/json` (an array of `{ts, symbol, side, amount, price, fee, feeCurrency, tradeId?}` with decimal strings, or `{fills: [...]}`), ' +
        '`text/csv` (Binance spot "Trade History" export), or `multipart/form-data` with a `file` field. ' +
        'Rows are de-duplicated by (symbol, tradeId), or by a content hash without a tradeId (identical rows of one file are kept apart), so a repeated import stores nothing. ' +
        `At most ${fillImport.maxRows} rows (else 422) and ${FILL_IMPORT_MAX_BYTES / 1_048_576} MiB (else 413). ` +
        'A bad row is 422 with `errors[].path` `<row>.<field>` (0-based row) and nothing is stored.',
      security: SECURITY.sessionOrApiKey,
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'array',
              items: {
                type: 'object',
                required: ['ts', 'symbol', 'side', 'amount', 'price', 'fee', 'feeCurrency'],
                properties: {
                  ts: { type: 'string', format: 'date-time' },
                  symbol: { type: 'string', example: 'BTC/USDT' },
                  side: { type: 'string', enum: ['buy', 'sell'] },
                  amount: { type: 'string', example: '0.015' },
                  price: { type: 'string', example: '64000.5' },
                  fee: { type: 'string', example: '0.96' },
                  feeCurrency: { type: 'string', example: 'USDT' },
                  tradeId: { type: 'string' },
                },
              },
            },
          },
          'text/csv': { schema: { type: 'string' } },
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: ['file'],
              properties: { file: { type: 'string', format: 'binary' } },
            },
          },
        },
      },
      responses: {
        201: jsonResponse('Some fills were stored', ImportResultSchema),
        200: jsonResponse('Nothing new: every row was stored before', ImportResultSchema),
        ...problemResponses(400, 401, 403, 413, 415, 422),
      },
    }),
    auth.requireAuth,
    async (c) => {
      const p = principalOf(c, 'trade')
      const source = await sourceOf(c)
      const result = await fillImport
        .importFills({
          userId: p.userId,
          requestId: c.get('requestId'),
          ip: c.get('clientIp') ?? null,
          source,
        })
        .catch((err: unknown) => {
          throw err instanceof FillImportError ? err.toProblem() : err
        })
      return c.json(result, result.imported > 0 ? 201 : 200)
    }
  )
}
