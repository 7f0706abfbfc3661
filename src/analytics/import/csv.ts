/**
 * @module Minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF, one-char delimiter.
 */
import { FillImportError } from './types.ts'

export interface CsvRecord {
  /** 1-based line where the record starts. */
  line: number
  cells: string[]
}

export function readCsv(text: string, delimiter = ','): CsvRecord[] {
  const out: CsvRecord[] = []
  let cells: string[] = []
  let cell = ''
  let quoted = false
  let line = 1
  let start = 1
  let i = 0
  const endRecord = () => {
    cells.push(cell)
    if (cells.length > 1 || cells[0] !== '') out.push({ line: start, cells })
    cells = []
    cell = ''
  }
  while (i < text.length) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i += 2
        continue
      }
      if (c === '"') quoted = false
      else {
        if (c === '\n') line++
        cell += c
      }
      i++
      continue
    }
    if (c === '"' && cell === '') quoted = true
    else if (c === delimiter) {
      cells.push(cell)
      cell = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      endRecord()
      line++
      start = line
    } else cell += c
    i++
  }
  if (quoted) {
    throw new FillImportError([
      { row: null, line: start, field: 'csv', message: 'unterminated quoted field' },
    ])
  }
  if (cell !== '' || cells.length > 0) endRecord()
  return out
}
