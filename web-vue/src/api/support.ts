import { http, isProblem } from './http'
import type { KycStatus, KycUpgradeStatus } from './kyc'

/** Where a four-eyes reset request stands; only a pending one can still be approved, rejected or withdrawn. */
export type SupportResetStatus = 'pending' | 'approved' | 'rejected' | 'expired'
export const SUPPORT_RESET_STATUSES: readonly SupportResetStatus[] = ['pending', 'approved', 'rejected', 'expired']

/**
 * One agent's request to reset a customer's two-step verification, made after the caller's ID number matched. It takes
 * effect only when a different agent approves it; any agent may reject it (the requester withdraws it that way), and it
 * expires 24 hours after it was made.
 */
export interface SupportResetRequest {
  id: string
  customerId: string
  customerEmail: string
  maskedLegalName: string | null
  /** The requesting agent's e-mail address. */
  requestedBy: string
  /** Whether the signed-in agent made the request, and so may not approve it. */
  requestedByMe: boolean
  comment: string
  requestedAt: string
  expiresAt: string
  status: SupportResetStatus
  decidedBy: string | null
  decidedAt: string | null
  decisionComment: string | null
}

/**
 * What a support agent sees of a customer (GET /api/identity/support/customers, staff role support_agent): enough to
 * tell whether and why they cannot sign in or pay as much as they expect, the legal name only masked ("张*") and the
 * ID number never.
 */
export interface SupportCustomer {
  id: string
  email: string
  maskedLegalName: string | null
  kycStatus: KycStatus
  /** 1 registered, 2 identity verified, 3 an officer approved a level 3 application: what the payment limits follow. */
  kycLevel: number
  /** The latest level 3 application's status (`none` if never applied); what it declares is for risk officers only. */
  kycUpgradeStatus: KycUpgradeStatus
  twoFactorEnabled: boolean
  passkeys: number
  /** Set only while the account is locked out. */
  lockedOutUntil: string | null
  registeredAt: string
  /** The customer's open reset request, waiting for a second agent; while there is one, no other can be made. */
  pendingReset: SupportResetRequest | null
}

/**
 * POST …/two-factor/reset-requests: the ID number the caller states, checked by the server against the customer's
 * verified identity, and the agent's note (ticket, how the caller was checked), kept in the audit trail for staff.
 */
export interface NewResetRequest {
  nationalId: string
  comment: string
}

/** GET …/two-factor-reset-requests: newest first. */
export interface SupportResetRequestPage {
  items: SupportResetRequest[]
  page: number
  pageSize: number
  total: number
}

/** What a second agent does with a pending request; rejecting one's own request withdraws it. */
export type ResetVerdict = 'approve' | 'reject'

/** The answer to an approval: the request as decided, and the customer with two-step verification now off. */
export interface SupportResetApproval {
  request: SupportResetRequest
  customer: SupportCustomer
}

/** The fields a reset request's 400 names; the server's own limits, mirrored so the agent hears them before a round trip. */
export const TWO_FACTOR_RESET_FIELDS = ['nationalId', 'comment'] as const
export const NATIONAL_ID_MAX = 30
/** The length of a request's comment and of a rejection's; an approval's comment is optional but no longer. */
export const RESET_COMMENT_MIN = 5
export const RESET_COMMENT_MAX = 500

const customerUrl = (id: string) => `/api/identity/support/customers/${encodeURIComponent(id)}`
const requestsUrl = '/api/identity/support/two-factor-reset-requests'
const requestUrl = (id: string) => `${requestsUrl}/${encodeURIComponent(id)}`

export const supportApi = {
  /** 400 names `email` (missing or malformed); 404 customer-not-found. */
  findCustomer: (email: string) =>
    http.get<SupportCustomer>(`/api/identity/support/customers?${new URLSearchParams({ email })}`),
  /**
   * Asks for the customer's two-step verification to be reset once another agent approves; 202 with the pending
   * request. 400 names `nationalId` (missing, or not the verified identity's) or `comment`; 404 customer-not-found;
   * 409 identity-not-verified, two-factor-not-enabled or reset-already-requested; 429 identity-check-limit.
   */
  requestTwoFactorReset: (id: string, request: NewResetRequest) =>
    http.post<SupportResetRequest>(`${customerUrl(id)}/two-factor/reset-requests`, request),
  listResetRequests: (query: { status: SupportResetStatus; page: number; pageSize: number }) =>
    http.get<SupportResetRequestPage>(
      `${requestsUrl}?${new URLSearchParams({ status: query.status, page: String(query.page), pageSize: String(query.pageSize) })}`,
    ),
  /**
   * Resets the customer's two-step verification (the lost authenticator and recovery codes stop working) and alerts
   * them. 403 four-eyes-required (the agent's own request); 404 reset-request-not-found; 409 reset-request-closed or
   * two-factor-not-enabled; 400 names `comment`.
   */
  approveResetRequest: (id: string, comment?: string) =>
    http.post<SupportResetApproval>(`${requestUrl(id)}/approve`, comment ? { comment } : {}),
  /** Turns the request down (or withdraws one's own). 400 names `comment`; 404 reset-request-not-found; 409 reset-request-closed. */
  rejectResetRequest: (id: string, comment: string) =>
    http.post<SupportResetRequest>(`${requestUrl(id)}/reject`, { comment }),
}

export const isCustomerNotFound = (error: unknown): boolean => isProblem(error, 404, 'customer-not-found')
/** 409 to a reset request: there is no verified identity to check the caller against, so support may not reset. */
export const isIdentityNotVerified = (error: unknown): boolean => isProblem(error, 409, 'identity-not-verified')
/** 409 to a reset request or approval: two-step verification is already off (perhaps reset meanwhile by someone else). */
export const isTwoFactorNotEnabled = (error: unknown): boolean => isProblem(error, 409, 'two-factor-not-enabled')
/** 429 to a reset request: three stated ID numbers failed for this customer within a day; the case goes to the security team. */
export const isIdentityCheckLimit = (error: unknown): boolean => isProblem(error, 429, 'identity-check-limit')
/** 409 to a reset request: the customer already has one waiting for approval. */
export const isResetAlreadyRequested = (error: unknown): boolean => isProblem(error, 409, 'reset-already-requested')
/** 403 to an approval: the agent made the request themselves, and a second pair of eyes must approve it. */
export const isFourEyesRequired = (error: unknown): boolean => isProblem(error, 403, 'four-eyes-required')
/** 409 to a decision: the request was approved, rejected or expired meanwhile. */
export const isResetRequestClosed = (error: unknown): boolean => isProblem(error, 409, 'reset-request-closed')
/** 404 to a decision: no such request (any more). */
export const isResetRequestNotFound = (error: unknown): boolean => isProblem(error, 404, 'reset-request-not-found')
