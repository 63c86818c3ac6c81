import { http, request } from './http'

/** GET /api/payments/cards: the number and the holder arrive masked ("6200 00** **** 0005", "张**"). */
export interface BankCardView {
  id: string
  maskedNumber: string
  last4: string
  holderName: string
  label: string | null
  /** ISO 8601 */
  boundAt: string
}

export interface BindCardRequest {
  /** Digits only. */
  cardNumber: string
  holderName: string
  label?: string | null
}

/** Field names the server names in its 400 problem details. */
export const CARD_FIELDS = ['cardNumber', 'holderName', 'label'] as const

/** The server refuses a binding beyond this many cards (409). */
export const MAX_CARDS = 10

const cardUrl = (id: string) => `/api/payments/cards/${encodeURIComponent(id)}`

export const cardsApi = {
  /** Newest first. */
  list: () => http.get<BankCardView[]>('/api/payments/cards'),
  /** `idempotencyKey`: one per binding the customer means, so a retry after a lost answer does not bind twice. */
  bind: (card: BindCardRequest, idempotencyKey: string) =>
    request<BankCardView>('/api/payments/cards', { method: 'POST', body: card, idempotencyKey }),
  remove: (id: string) => request<void>(cardUrl(id), { method: 'DELETE' }),
}
