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

// ---- Level 3 (enhanced verification): a verified customer applies, a risk officer decides by hand ----

/** The status of the latest application for level 3; `none` when the customer never applied. */
export type KycUpgradeStatus = 'none' | 'pending' | 'approved' | 'rejected'

/** The Element Plus tag colour of each application status. */
export const KYC_UPGRADE_STATUS_TAG_TYPES = {
  none: 'info',
  pending: 'warning',
  approved: 'success',
  rejected: 'danger',
} as const satisfies Record<KycUpgradeStatus, 'info' | 'warning' | 'success' | 'danger'>

// The closed sets an application chooses from (KycUpgradeChoices on the server); their labels are under
// kycUpgrade.options.<field>.<value> in the locale files.
export const UPGRADE_OCCUPATIONS = [
  'employee',
  'civil_servant',
  'self_employed',
  'business_owner',
  'professional',
  'student',
  'retired',
  'homemaker',
  'unemployed',
  'other',
] as const
export type UpgradeOccupation = (typeof UPGRADE_OCCUPATIONS)[number]

export const UPGRADE_FUNDS_SOURCES = [
  'salary',
  'business_income',
  'investments',
  'savings',
  'pension',
  'inheritance_or_gift',
  'property_sale',
  'other',
] as const
export type UpgradeFundsSource = (typeof UPGRADE_FUNDS_SOURCES)[number]

/** Yuan a year: under 50,000; 50,000–200,000; 200,000–500,000; 500,000–1,000,000; over 1,000,000. */
export const UPGRADE_INCOME_BANDS = ['under_50k', '50k_200k', '200k_500k', '500k_1m', 'over_1m'] as const
export type UpgradeIncomeBand = (typeof UPGRADE_INCOME_BANDS)[number]

export const UPGRADE_PURPOSES = ['daily_spending', 'family_support', 'investment', 'business', 'other'] as const
export type UpgradePurpose = (typeof UPGRADE_PURPOSES)[number]

/** GET/POST /api/identity/kyc/upgrade: the latest application (the address masked) and whether a new one may be made. */
export interface KycUpgradeView {
  status: KycUpgradeStatus
  applicationId: string | null
  submittedAt: string | null
  decidedAt: string | null
  // Codes of the sets above, kept open so a value added on the server still shows (as itself).
  occupation: string | null
  employer: string | null
  sourceOfFunds: string | null
  annualIncome: string | null
  purpose: string | null
  /** Masked, e.g. 北京市朝阳区**** */
  address: string | null
  /** Whether the customer may submit an application right now. */
  eligible: boolean
  /** While a rejected applicant must wait: from when they may apply again. */
  reapplyAfter: string | null
}

export interface KycUpgradeApplication {
  occupation: UpgradeOccupation
  /** Optional: null when not given. */
  employer: string | null
  sourceOfFunds: UpgradeFundsSource
  annualIncome: UpgradeIncomeBand
  purpose: UpgradePurpose
  address: string
}

/** Field names the server names in its 400 problem details for an application. */
export const KYC_UPGRADE_FIELDS = ['occupation', 'employer', 'sourceOfFunds', 'annualIncome', 'purpose', 'address'] as const

export const UPGRADE_EMPLOYER_MAX = 100
export const UPGRADE_ADDRESS_MIN = 5
export const UPGRADE_ADDRESS_MAX = 200

/** How often the verification page asks for news while a risk officer reviews an application. */
export const KYC_UPGRADE_POLL_MS = 15_000

/** The level an approved application gives. */
export const UPGRADE_LEVEL = 3

export const kycApi = {
  status: () => http.get<KycView>('/api/identity/kyc'),
  submit: (submission: KycSubmission) => http.post<KycView>('/api/identity/kyc', submission),
  upgradeStatus: () => http.get<KycUpgradeView>('/api/identity/kyc/upgrade'),
  applyForUpgrade: (application: KycUpgradeApplication) => http.post<KycUpgradeView>('/api/identity/kyc/upgrade', application),
}

/** Statuses in which a new submission is accepted. */
export const canSubmit = (status: KycStatus): boolean => status === 'none' || status === 'rejected'

/** Statuses that change by themselves (risk is screening), so the page polls. */
export const isAwaitingDecision = (status: KycStatus): boolean => status === 'pending' || status === 'in_review'
