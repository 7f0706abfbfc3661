/**
 * @module CSV record reader for OFAC's legacy list files (SDN.CSV, ALT.CSV, ADD.CSV).
 *
 * The files have no header row, CRLF line ends, double-quoted text fields, `-0- ` as the null
 * marker and a trailing 0x1A (DOS end-of-file) byte. Every record keeps the line it starts on so a
 * bad row can be reported by line number, which an officer can open in an editor.
 */

/** A bad file: the message always names the file kind and the 1-based line. */
export class OfacParseError extends Error {
  override name = 'OfacParseError'
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string
  ) {
    super(`${file} line ${line}: ${reason}`)
  }
}

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number
  /** Field values; `null` where the file has OFAC's `-0-` null marker. */
  fields: (string | null)[]
}

const NULL_MARKER = '-0-'
const EOF_BYTE = '\u001a'

/**
 * Decodes file bytes. OFAC publishes ASCII; older mirrors are Windows-1252. UTF-8 is tried first
 * and Latin-1 is the fallback (hand-rolled: workerd's TextDecoder has no legacy encodings).
 */
export function decodeListBytes(input: string | Uint8Array): string {
  if (typeof input === 'string') return input
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(input)
  } catch {
    let out = ''
    for (let i = 0; i < input.length; i += 0x8000) {
      out += String.fromCharCode(...input.subarray(i, i + 0x8000))
    }
    return out
  }
}

/**
 * Splits a whole file into records. Throws OfacParseError on an unterminated quote or on text
 * after a closing quote. Blank lines and the trailing 0x1A are skipped.
 */
export function readCsvRecords(file: string, text: string): CsvRecord[] {
  let src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const eof = src.indexOf(EOF_BYTE)
  if (eof !== -1) {
    if (src.slice(eof + 1).trim() !== '') {
      throw new OfacParseError(file, lineAt(src, eof), 'data after the 0x1A end-of-file byte')
    }
    src = src.slice(0, eof)
  }
  const records: CsvRecord[] = []
  let line = 1
  let i = 0
  const n = src.length
  while (i < n) {
    const startLine = line
    const fields: (string | null)[] = []
    let endOfRecord = false
    while (!endOfRecord) {
      let value: string
      let quoted = false
      if (src[i] === '"') {
        quoted = true
        i++
        let buf = ''
        for (;;) {
          if (i >= n) throw new OfacParseError(file, startLine, 'unterminated quoted field')
          const c = src[i]!
          if (c === '"') {
            if (src[i + 1] === '"') {
              buf += '"'
              i += 2
              continue
            }
            i++
            break
          }
          if (c === '\n') line++
          buf += c
          i++
        }
        value = buf
        // OFAC pads some fields with spaces after the closing quote; anything else is a broken row.
        while (src[i] === ' ') i++
        if (i < n && src[i] !== ',' && src[i] !== '\r' && src[i] !== '\n') {
          throw new OfacParseError(
            file,
            line,
            `unexpected text after a quoted field (field ${fields.length + 1})`
          )
        }
      } else {
        const start = i
        while (i < n && src[i] !== ',' && src[i] !== '\r' && src[i] !== '\n') {
          if (src[i] === '"') {
            throw new OfacParseError(
              file,
              line,
              `stray quote in unquoted field ${fields.length + 1}`
            )
          }
          i++
        }
        value = src.slice(start, i)
      }
      fields.push(!quoted && value.trim() === NULL_MARKER ? null : quoted ? value : value.trim())
      if (src[i] === ',') {
        i++
        continue
      }
      if (src[i] === '\r') i++
      if (src[i] === '\n') {
        i++
        line++
      }
      endOfRecord = true
    }
    const blank = fields.length === 1 && fields[0] === ''
    if (!blank) records.push({ line: startLine, fields })
  }
  return records
}

function lineAt(text: string, index: number): number {
  let line = 1
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++
  return line
}
