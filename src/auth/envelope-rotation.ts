/**
 * @module Re-wraps every envelope record (exchange keys, TOTP secrets) under the active KEK, in
 * batches, while the app keeps serving: records under the old KEK stay readable because it is still
 * in the ring, and each write is a compare-and-set on the record that was re-wrapped, so a row
 * changed meanwhile is left for the next run. Rerunning is safe and resumes where work remains.
 */
import type { Envelope, EnvelopeRecord } from '../lib/envelope.ts'
import { parseEnvelope } from '../lib/envelope.ts'

export interface RewrapSource {
  /** `table.column`, for the report. */
  name: string
  /** Rows in id order after `afterId`. */
  page(
    afterId: string | null,
    limit: number
  ): Promise<Array<{ id: string; record: EnvelopeRecord | null }>>
  /** Writes `next` if the row still holds `previous`; false when it changed meanwhile. */
  replace(id: string, previous: EnvelopeRecord, next: EnvelopeRecord): Promise<boolean>
}

export interface RewrapReport {
  source: string
  scanned: number
  rewrapped: number
  /** Already under the active KEK. */
  current: number
  /** Changed by someone else between read and write; the next run picks them up. */
  raced: number
  /** Unreadable records or KEKs no longer in the ring: row ids and error class only. */
  failed: Array<{ id: string; error: string }>
}

export async function rewrapAll(opts: {
  envelope: Envelope
  sources: RewrapSource[]
  batchSize?: number
  onBatch?: (progress: RewrapReport) => void
}): Promise<RewrapReport[]> {
  const { envelope, sources, batchSize = 200, onBatch } = opts
  const reports: RewrapReport[] = []
  for (const source of sources) {
    const report: RewrapReport = {
      source: source.name,
      scanned: 0,
      rewrapped: 0,
      current: 0,
      raced: 0,
      failed: [],
    }
    let after: string | null = null
    for (;;) {
      const rows = await source.page(after, batchSize)
      for (const row of rows) {
        report.scanned++
        if (!row.record) continue
        try {
          const record = parseEnvelope(row.record)
          if (!envelope.needsRewrap(record)) {
            report.current++
            continue
          }
          const next = await envelope.rewrap(record)
          if (await source.replace(row.id, record, next)) report.rewrapped++
          else report.raced++
        } catch (err) {
          report.failed.push({ id: row.id, error: err instanceof Error ? err.name : 'Error' })
        }
      }
      onBatch?.(report)
      if (rows.length < batchSize) break
      after = rows.at(-1)!.id
    }
    reports.push(report)
  }
  return reports
}
