import { http, isProblem } from './http'
import type { KycStatus } from './kyc'

/**
 * What a support agent sees of a customer (GET /api/identity/support/customers, staff role support_agent): enough to
 * tell whether and why they cannot sign in, the legal name only masked ("张*") and the ID number never.
 */
export interface SupportCustomer {
  id: string
  email: string
  maskedLegalName: string | null
  kycStatus: KycStatus
  twoFactorEnabled: boolean
  passkeys: number
  /** Set only while the account is locked out. */
  lockedOutUntil: string | null
  registeredAt: string
}

/**
 * POST …/two-factor/reset: the ID number the caller states, checked by the server against the customer's verified
 * identity, and the agent's note (ticket, how the caller was checked), kept in the audit trail for staff.
 */
export interface TwoFactorResetRequest {
  nationalId: string
  comment: string
}

/** The fields a reset's 400 names; the server's own limits, mirrored so the agent hears them before a round trip. */
export const TWO_FACTOR_RESET_FIELDS = ['nationalId', 'comment'] as const
export const NATIONAL_ID_MAX = 30
export const RESET_COMMENT_MIN = 5
export const RESET_COMMENT_MAX = 500

const customerUrl = (id: string) => `/api/identity/support/customers/${encodeURIComponent(id)}`

export const supportApi = {
  /** 400 names `email` (missing or malformed); 404 customer-not-found. */
  findCustomer: (email: string) =>
    http.get<SupportCustomer>(`/api/identity/support/customers?${new URLSearchParams({ email })}`),
  /**
   * Turns the customer's two-step verification off (the lost authenticator and recovery codes stop working) and alerts
   * them; 200 with the customer as they are now. 400 names `nationalId` (missing, or not the verified identity's) or
   * `comment`; 404 customer-not-found; 409 identity-not-verified or two-factor-not-enabled; 429 identity-check-limit.
   */
  resetTwoFactor: (id: string, request: TwoFactorResetRequest) =>
    http.post<SupportCustomer>(`${customerUrl(id)}/two-factor/reset`, request),
}

export const isCustomerNotFound = (error: unknown): boolean => isProblem(error, 404, 'customer-not-found')
/** 409 to a reset: there is no verified identity to check the caller against, so support may not reset. */
export const isIdentityNotVerified = (error: unknown): boolean => isProblem(error, 409, 'identity-not-verified')
/** 409 to a reset: two-step verification is already off (perhaps reset meanwhile by someone else). */
export const isTwoFactorNotEnabled = (error: unknown): boolean => isProblem(error, 409, 'two-factor-not-enabled')
/** 429 to a reset: three stated ID numbers failed for this customer within a day; the case goes to the security team. */
export const isIdentityCheckLimit = (error: unknown): boolean => isProblem(error, 429, 'identity-check-limit')
