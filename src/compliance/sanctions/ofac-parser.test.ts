import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { extractIdNumbers, queryIdKeys } from './id-numbers.ts'
import { OfacParseError, parseAltCsv, parsePrograms, parseSdnCsv } from './ofac-parser.ts'

const FIXTURES = new URL('../../../test/fixtures/sanctions/', import.meta.url)
const crlf = (lines: string[]) => lines.join('\r\n') + '\r\n\u001a'

// Rows copied from OFAC's SDN.CSV / ALT.CSV (trailing space after -0- as in the real file).
const SDN_ROWS = [
  '306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a. \'BNC\'."',
  '2676,"AL ZAWAHIRI, Dr. Ayman","individual","SDGT] [SDT","Operational and Military Leader of JIHAD GROUP",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 19 Jun 1951; POB Giza, Egypt; Passport 1084010 (Egypt); alt. Passport 19820215; Operational and Military Leader of JIHAD GROUP."',
  '4243,"SAND SWAN","vessel","CUBA",-0- ,"P3QG3","General Cargo","2595","1116","Cyprus","Sand & Swan Navigation Co. Ltd.",-0- ',
  '48727,"EP-PUS","aircraft","SDGT] [NPWMD] [IRGC] [IFSR",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Aircraft Model Ilyushin IL-76TD; Linked To: POUYA AIR."',
]
const ALT_ROWS = [
  '2676,4760,"aka","AL-ZAWAHIRI, Ayman",-0- ',
  '4642,12047,"fka","IRAN OVERSEAS INVESTMENT BANK PLC",-0- ',
]

describe('parseSdnCsv', () => {
  it('should parse real-format rows with CRLF, -0- nulls, bracketed programs and the 0x1A byte', () => {
    const rows = parseSdnCsv(crlf(SDN_ROWS))
    expect(rows.map((r) => r.entNum)).toEqual([306, 2676, 4243, 48727])
    const [bank, zawahiri, vessel, aircraft] = rows
    expect(bank).toMatchObject({
      name: 'BANCO NACIONAL DE CUBA',
      type: 'entity',
      programs: ['CUBA'],
    })
    expect(bank?.title).toBeNull()
    expect(bank?.remarks).toBe("a.k.a. 'BNC'.")
    expect(zawahiri).toMatchObject({ type: 'individual', programs: ['SDGT', 'SDT'], line: 2 })
    expect(zawahiri?.ids.map((i) => [i.kind, i.value, i.country])).toEqual([
      ['Passport', '1084010', 'Egypt'],
      ['Passport', '19820215', null],
    ])
    expect(vessel).toMatchObject({
      type: 'vessel',
      callSign: 'P3QG3',
      vesselType: 'General Cargo',
      tonnage: '2595',
      grossRegisteredTonnage: '1116',
      vesselFlag: 'Cyprus',
      vesselOwner: 'Sand & Swan Navigation Co. Ltd.',
      remarks: null,
    })
    expect(aircraft?.programs).toEqual(['SDGT', 'NPWMD', 'IRGC', 'IFSR'])
  })

  it('should accept bytes, LF line ends and a missing 0x1A', () => {
    const rows = parseSdnCsv(new TextEncoder().encode(SDN_ROWS.join('\n')))
    expect(rows).toHaveLength(4)
  })

  it('should decode Windows-1252/Latin-1 bytes when the file is not UTF-8', () => {
    const line = '9,"CAF\xC9 NOIR",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    const bytes = Uint8Array.from(line, (c) => c.charCodeAt(0))
    expect(parseSdnCsv(bytes)[0]?.name).toBe('CAFÉ NOIR')
  })

  it('should unescape doubled quotes inside a quoted field', () => {
    const row = '7,"THE ""X"" CO.",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- '
    expect(parseSdnCsv(row)[0]?.name).toBe('THE "X" CO.')
  })

  it('should name the line when a row has the wrong column count', () => {
    const broken = [...SDN_ROWS]
    broken[2] = '4243,"SAND SWAN","vessel","CUBA",-0- ,"P3QG3"'
    expect(() => parseSdnCsv(crlf(broken))).toThrowError(
      new OfacParseError('SDN.CSV', 3, 'expected 12 columns, found 6')
    )
  })

  it('should name the line of an unterminated quote, stray text after a quote and a bad ent_num', () => {
    const cases: [string, RegExp][] = [
      ['1,"OPEN,-0- ,CUBA', /^SDN\.CSV line 2: unterminated quoted field$/],
      [
        '1,"A"B,-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
        /line 2: unexpected text after a quoted field/,
      ],
      [
        'x1,"A",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
        /line 2: ent_num is not a positive integer/,
      ],
      [
        '5,"A","person","CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
        /line 2: unknown SDN_Type "person"/,
      ],
      ['6,-0- ,-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ', /line 2: SDN_Name is empty/],
    ]
    for (const [row, message] of cases) {
      expect(() => parseSdnCsv(crlf([SDN_ROWS[0]!, row]))).toThrow(message)
    }
  })

  it('should reject a duplicate ent_num and data after the end-of-file byte', () => {
    expect(() => parseSdnCsv(crlf([SDN_ROWS[0]!, SDN_ROWS[0]!]))).toThrow(
      'SDN.CSV line 2: duplicate ent_num 306 (first on line 1)'
    )
    expect(() => parseSdnCsv(crlf(SDN_ROWS) + '\r\n1,"X"')).toThrow(/after the 0x1A/)
  })

  it('should parse the whole test list', () => {
    const rows = parseSdnCsv(readFileSync(new URL('sdn.csv', FIXTURES)))
    expect(rows).toHaveLength(145)
    expect(new Set(rows.map((r) => r.type))).toEqual(
      new Set(['entity', 'individual', 'vessel', 'aircraft'])
    )
  })
})

describe('parseAltCsv', () => {
  it('should parse alias rows with their type', () => {
    expect(parseAltCsv(crlf(ALT_ROWS))).toEqual([
      {
        entNum: 2676,
        altNum: 4760,
        altType: 'aka',
        name: 'AL-ZAWAHIRI, Ayman',
        remarks: null,
        line: 1,
      },
      {
        entNum: 4642,
        altNum: 12047,
        altType: 'fka',
        name: 'IRAN OVERSEAS INVESTMENT BANK PLC',
        remarks: null,
        line: 2,
      },
    ])
  })

  it('should name the line of a row with the wrong column count', () => {
    expect(() => parseAltCsv(crlf([ALT_ROWS[0]!, '2676,4761,"aka"']))).toThrow(
      'ALT.CSV line 2: expected 5 columns, found 3'
    )
  })

  it('should parse the whole alias list', () => {
    expect(parseAltCsv(readFileSync(new URL('alt.csv', FIXTURES)))).toHaveLength(248)
  })
})

describe('parsePrograms', () => {
  it('should split OFAC bracket separators', () => {
    expect(parsePrograms('SDGT] [IRGC')).toEqual(['SDGT', 'IRGC'])
    expect(parsePrograms('CAATSA - RUSSIA')).toEqual(['CAATSA - RUSSIA'])
    expect(parsePrograms(null)).toEqual([])
  })
})

describe('extractIdNumbers', () => {
  it('should extract labelled IDs with country, dropping issue/expiry text', () => {
    const ids = extractIdNumbers(
      'DOB 19 Dec 1955; Passport 72 9279533 (Russia) issued 27 Aug 2014 expires 27 Aug 2024; Cedula No. 16247821 (Colombia); NIT # 800146749-7 (Colombia); Tax ID No. 52-2083095 (United States); Kenyan ID No. 12773667; UK Company Number 01126618 (United Kingdom); Vessel Registration Identification IMO 9184691; Telephone No. (218) (0)214778301; Phone Number 79110354982'
    )
    expect(ids.map((i) => [i.kind, i.key, i.country])).toEqual([
      ['Passport', '729279533', 'Russia'],
      ['Cedula No.', '16247821', 'Colombia'],
      ['NIT #', '8001467497', 'Colombia'],
      ['Tax ID No.', '522083095', 'United States'],
      ['Kenyan ID No.', '12773667', null],
      ['UK Company Number', '01126618', 'United Kingdom'],
      ['Vessel Registration Identification', '9184691', null],
    ])
  })

  it('should keep digital currency addresses case-sensitive except 0x-hex', () => {
    const ids = extractIdNumbers(
      'Digital Currency Address - XBT 12udabs2TkX7NXCSj6KpqXfakjE52ZPLhz; alt. Digital Currency Address - ETH 0xA7e5d5a720f06526557c513402f2e6b5fa20b008'
    )
    expect(ids.map((i) => i.key)).toEqual([
      '12udabs2TkX7NXCSj6KpqXfakjE52ZPLhz',
      '0xa7e5d5a720f06526557c513402f2e6b5fa20b008',
    ])
  })

  it('should skip items without digits and keys too short to be distinctive', () => {
    expect(
      extractIdNumbers('Passport issued 21 Jun 1992; Passport 123 (X); Website www.x.org')
    ).toEqual([])
  })

  it('should give query keys that match however the number is punctuated', () => {
    expect(queryIdKeys('92/664')).toEqual(['92664'])
    expect(queryIdKeys(' 52-2083095 ')).toEqual(['522083095'])
    expect(queryIdKeys('12udabs2TkX7NXCSj6KpqXfakjE52ZPLhz')).toContain(
      '12udabs2TkX7NXCSj6KpqXfakjE52ZPLhz'
    )
  })
})
