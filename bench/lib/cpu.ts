/**
 * CPU time of the local PostgreSQL server: the sum of user + system time of every `postgres`
 * process (backends, WAL writer, checkpointer…), read from /proc. Two readings around a phase give
 * what the server spent on it, which says how much of a cost is the database's own work. Null when
 * the server is not on this machine or there is no /proc.
 */
import { readdirSync, readFileSync } from 'node:fs'

const TICK_MS = 10 // USER_HZ is 100 on Linux

export function localPostgresCpuMs(url: string): number | null {
  const host = new URL(url).hostname
  if (!['127.0.0.1', 'localhost', '::1', '[::1]', ''].includes(host)) return null
  let pids: string[]
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d))
  } catch {
    return null
  }
  let ticks = 0
  let seen = false
  for (const pid of pids) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue
      // Fields after the command name (which may contain spaces): utime and stime are 14 and 15.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      ticks += Number(fields[11]) + Number(fields[12])
      seen = true
    } catch {
      // the process ended while we read
    }
  }
  return seen ? ticks * TICK_MS : null
}
