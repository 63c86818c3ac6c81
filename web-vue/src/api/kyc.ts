import { http } from './http'

/** `none` until the first submission; the server's statuses otherwise. */
export type KycStatus = 'none' | 'pending' | 'in_review' | 'verified' | 'rejected'

/** The Element Plus tag colour of each status, wherever a status is shown (the customer's page, the support console). */
export const KYC_STATUS_TAG_TYPES = {
  none: 'info',
  pending: 'warning',
  in_review: 'warning',
  verified: 'success',
  rejected: 'danger',
} as const satisfies Record<KycStatus, 'info' | 'warning' | 'success' | 'danger'>

/** GET /api/identity/kyc: personal data arrives masked (e.g. 张*三, 110***********1234, 138****1234). */
export interface KycView {
  status: KycStatus
  level: number
  submittedAt: string | null
  decidedAt: string | null
  legalName: string | null
  nationalId: string | null
  dateOfBirth: string | null
  nationality: string | null
  phone: string | null
}

export interface KycSubmission {
  legalName: string
  nationalId: string
  /** YYYY-MM-DD */
  dateOfBirth: string
  /** ISO 3166-1 alpha-2 */
  nationality: string
  phone: string
}

/** How often the verification page asks for news while risk screens a submission. */
export const KYC_POLL_MS = 5000

/** Field names the server names in its 400 problem details. */
export const KYC_FIELDS = ['legalName', 'nationalId', 'dateOfBirth', 'nationality', 'phone'] as const

export const kycApi = {
  status: () => http.get<KycView>('/api/identity/kyc'),
  submit: (submission: KycSubmission) => http.post<KycView>('/api/identity/kyc', submission),
}

/** Statuses in which a new submission is accepted. */
export const canSubmit = (status: KycStatus): boolean => status === 'none' || status === 'rejected'

/** Statuses that change by themselves (risk is screening), so the page polls. */
export const isAwaitingDecision = (status: KycStatus): boolean => status === 'pending' || status === 'in_review'
