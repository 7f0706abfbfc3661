/**
 * @module Live credentials from the accounts feature: the user's most recently validated key for
 * an exchange, decrypted through `exchangeKeys.getDecrypted` (never logged, never returned).
 */
import { and, desc, eq } from 'drizzle-orm'
import type { Db } from '../db/types.ts'
import type { ExchangeKeysService } from '../exchange-keys/exchange-keys.service.ts'
import { exchangeKeys } from '../exchange-keys/exchange-keys.schema.ts'
import type { LiveCredentialsProvider } from './trading.types.ts'

export function liveCredentialsFromAccounts({
  db,
  keys,
}: {
  db: Db
  keys: Pick<ExchangeKeysService, 'getDecrypted'>
}): LiveCredentialsProvider {
  return {
    async credentialsFor(userId, venue) {
      const [row] = await db
        .select({ id: exchangeKeys.id })
        .from(exchangeKeys)
        .where(
          and(
            eq(exchangeKeys.userId, userId),
            eq(exchangeKeys.exchange, venue),
            eq(exchangeKeys.validationStatus, 'valid')
          )
        )
        .orderBy(desc(exchangeKeys.validatedAt))
        .limit(1)
      if (!row) return null
      const key = await keys.getDecrypted(userId, row.id)
      return {
        keyId: key.id,
        credentials: {
          apiKey: key.apiKey,
          secret: key.secret,
          ...(key.passphrase && { passphrase: key.passphrase }),
        },
      }
    },
  }
}
