/**
 * @module Normalised imported fills and the error that names every bad row.
 */
import { problems, type ProblemError } from '../../lib/problem.ts'

/** One imported fill, normalised: `BASE/QUOTE` symbol, canonical decimal strings, a Date. */
export interface ImportedFill {
  ts: Date
  symbol: string
  side: 'buy' | 'sell'
  amount: string
  price: string
  fee: string
  feeCurrency: string
  tradeId: string | null
}

export interface FillImportIssue {
  /** 0-based row (JSON array element, or CSV data row); null for the file as a whole. */
  row: number | null
  /** 1-based line in a CSV file where the record starts. */
  line?: number
  field: string
  message: string
}

/** Stop collecting after this many issues: the first ones are enough to fix a file. */
export const MAX_ISSUES = 100

export class FillImportError extends Error {
  override name = 'FillImportError'
  readonly issues: FillImportIssue[]

  constructor(issues: FillImportIssue[]) {
    const first = issues[0]
    const where = first ? (first.row === null ? 'file' : `row ${first.row}`) : 'input'
    super(
      `${issues.length} invalid import issue(s); first at ${where} ` +
        `${first?.field ?? ''}: ${first?.message ?? ''}`
    )
    this.issues = issues
  }

  /** 422 problem+json whose `errors[].path` is `<row>.<field>` (`<field>` for the whole file). */
  toProblem(): ProblemError {
    return problems.validation(
      this.issues.map((i) => ({
        path: i.row === null ? i.field : `${i.row}.${i.field}`,
        message: i.line === undefined ? i.message : `line ${i.line}: ${i.message}`,
      })),
      'Some rows are invalid; nothing was imported.'
    )
  }
}
