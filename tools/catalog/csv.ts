/**
 * RFC 4180 CSV: fields separated by commas, optionally wrapped in double quotes, a doubled quote inside
 * quotes is one quote, quoted fields may span lines. CRLF and LF both end a record. Returns records as
 * objects keyed by the header row; a record with a different field count than the header is an error.
 */

export function parseCsvRecords(text: string): string[][] {
  const records: string[][] = []
  let field = ''
  let record: string[] = []
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { field += '"'; i++ } else quoted = false
      } else field += ch
      continue
    }
    if (ch === '"' && field === '') quoted = true
    else if (ch === ',') { record.push(field); field = '' }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      record.push(field)
      records.push(record)
      record = []
      field = ''
    } else field += ch
  }
  if (quoted) throw new Error('CSV: unterminated quoted field')
  if (field !== '' || record.length > 0) { record.push(field); records.push(record) }
  return records.filter((r) => !(r.length === 1 && r[0] === ''))
}

export function parseCsv(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsvRecords(text)
  if (!header) return []
  return rows.map((row, index) => {
    if (row.length !== header.length) {
      throw new Error(`CSV: record ${index + 2} has ${row.length} fields, the header has ${header.length}`)
    }
    return Object.fromEntries(header.map((name, i) => [name, row[i]]))
  })
}
