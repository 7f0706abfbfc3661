/**
 * @module `/openapi.json` (OpenAPI 3.1, generated from the routes' own validators and descriptions)
 * and `/docs` (Scalar API reference).
 */
import { Scalar } from '@scalar/hono-api-reference'
import type { Hono } from 'hono'
import { openAPIRouteHandler } from 'hono-openapi'
import type { AppEnv } from './types.ts'

export function mountOpenApi(app: Hono<AppEnv>, { version }: { version: string }): void {
  app.get(
    '/openapi.json',
    openAPIRouteHandler(app, {
      documentation: {
        openapi: '3.1.0',
        info: {
          title: 'Tradeworks API',
          version,
          description:
            'Crypto trading platform: accounts, exchange keys, orders, risk, bots, compliance, analytics, marketplace. ' +
            'Errors are RFC 9457 problem+json. Money and quantities are decimal strings.',
        },
        components: {
          securitySchemes: {
            bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT or platform API key' },
            apiKeyAuth: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
          },
        },
        security: [{ bearerAuth: [] }, { apiKeyAuth: [] }],
      },
      exclude: ['/openapi.json', '/docs', '/'],
      defaultValidationErrorResponse: {
        description: 'Invalid input (problem+json with errors[{path, message}])',
      },
    })
  )
  app.get('/docs', Scalar({ url: '/openapi.json', pageTitle: 'Tradeworks API reference' }))
}
