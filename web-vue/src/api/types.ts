export type BffUser =
  | {
      isAuthenticated: true
      sub: string
      email: string
      name?: string
      roles: string[]
      logoutUrl: string
    }
  | { isAuthenticated: false }

export interface Me {
  id: string
  email: string
  phoneNumber: string | null
  twoFactorEnabled: boolean
  createdAt: string
}

export interface TwoFactorStatus {
  enabled: boolean
  recoveryCodesLeft: number
  /** A Jade support agent's request to turn two-factor off, waiting for a second agent; the customer may stop it. */
  pendingSupportReset: PendingSupportReset | null
}

export interface PendingSupportReset {
  id: string
  requestedAt: string
  /** Unless a second agent approves it by then, it lapses. */
  expiresAt: string
}

/** What a step-up proof is for: a token is good for its one purpose only. */
export type StepUpPurpose = 'payment_pin_reset'

/**
 * 200 to POST /api/identity/step-up: a short-lived, single-use proof that the customer has just passed the second
 * factor. Hand it straight to the one call it is for and drop it; never keep it.
 */
export interface StepUpToken {
  token: string
  expiresAt: string
  /** How the customer proved it: "otp" for an authenticator code, "hwk" for a passkey. */
  method: string
}

// ---- Passkeys (WebAuthn, /api/identity/passkeys) ----

/** The most passkeys a customer may have is the list's `limit` (10 today); the server says so, not the SPA. */
export interface Passkey {
  /** The credential id, base64url. */
  id: string
  name: string
  createdAt: string
  /** Synced: backed up by a password manager or platform account, so it works on the customer's other devices too. */
  backedUp: boolean
}

/** GET /api/identity/passkeys: newest first. */
export interface PasskeyList {
  passkeys: Passkey[]
  limit: number
}

/**
 * A WebAuthn ceremony the server has started: its options for the browser (the WebAuthn Level 3 JSON form, binary
 * members as base64url) and the id to send back with the authenticator's answer before `expiresAt`.
 */
export interface PasskeyCeremony<Options> {
  ceremonyId: string
  options: Options
  expiresAt: string
}

export type PasskeyRegistrationCeremony = PasskeyCeremony<PublicKeyCredentialCreationOptionsJSON>
export type PasskeyAssertionCeremony = PasskeyCeremony<PublicKeyCredentialRequestOptionsJSON>

/** WebAuthn Level 3 RegistrationResponseJSON: what navigator.credentials.create gave, binary members as base64url. */
export interface RegistrationResponseJSON {
  id: string
  rawId: string
  type: string
  authenticatorAttachment?: string
  clientExtensionResults: Record<string, unknown>
  response: {
    clientDataJSON: string
    attestationObject: string
    transports: string[]
    /** Also in the browser's own toJSON(); the server reads them from attestationObject anyway. */
    authenticatorData?: string
    publicKey?: string
    publicKeyAlgorithm?: number
  }
}

/** WebAuthn Level 3 AuthenticationResponseJSON: what navigator.credentials.get gave, binary members as base64url. */
export interface AuthenticationResponseJSON {
  id: string
  rawId: string
  type: string
  authenticatorAttachment?: string
  clientExtensionResults: Record<string, unknown>
  response: {
    clientDataJSON: string
    authenticatorData: string
    signature: string
    /** The user handle the authenticator keeps with a discoverable passkey; absent otherwise. */
    userHandle?: string
  }
}

/**
 * POST /api/identity/passkeys/registrations: the account password, asked again so that a session alone (a stolen one,
 * say) cannot add a lasting way to sign in. Sent only in this body, never kept.
 */
export interface PasskeyRegistrationStart {
  password: string
}

/** POST /api/identity/passkeys: the answer to a registration ceremony, under the name the customer chose. */
export interface NewPasskey {
  ceremonyId: string
  name: string
  credential: RegistrationResponseJSON
}

// ---- Security activity (/api/identity/security-activity) ----

/**
 * What happened: `sign_in`, `account.locked`, `password.change`, `two_factor.enable`, `two_factor.disable`, `recovery_codes.regenerate`,
 * `passkey.add`, `passkey.rename`, `passkey.remove` or `sessions.sign_out_others`; or what Jade support did:
 * `two_factor.support_reset_refused` (the caller's ID number did not match), `two_factor.support_reset_requested` (an
 * agent asked for a reset), `two_factor.support_reset_rejected` (a second agent turned the request down, or the requester
 * withdrew it) and `two_factor.support_reset` (approved and done), whose details are for staff and arrive as null; or
 * `two_factor.support_reset_cancelled` (the customer stopped such a request). Kept open (`string`) so an action added on
 * the server is still listed (as its raw text).
 */
export type SecurityAction = string

/**
 * What an event adds, by action: a passkey's `id` and `name` (the new one on a rename), two-factor's state, codes
 * issued; a sign-in's `method` (`password`, `password_authenticator`, `password_recovery_code`, `passkey`), browser
 * (`device`, e.g. "Chrome on Linux") and whether that browser was new to the account.
 */
export interface SecurityEventDetails {
  id?: string
  name?: string
  enabled?: boolean
  recoveryCodes?: number
  method?: string
  device?: string
  newDevice?: boolean
}

export interface SecurityEvent {
  id: number
  action: SecurityAction
  at: string
  /** Already masked by the server: "203.0.113.x", "2001:db8:85a3:8d3::x", or "unknown". */
  ipAddress: string
  details: SecurityEventDetails | null
}

/** GET /api/identity/security-activity: newest first. */
export interface SecurityActivityPage {
  items: SecurityEvent[]
  page: number
  pageSize: number
  total: number
}

export interface AuthenticatorSetup {
  sharedKey: string
  authenticatorUri: string
  qrCodeDataUri: string
}

export interface RecoveryCodes {
  recoveryCodes: string[]
}

/**
 * POST /api/identity/2fa/recovery-codes: the account password, asked again so that a session alone cannot replace the
 * codes that stand in for the authenticator. Sent only in this body, never kept.
 */
export interface RecoveryCodesRegeneration {
  password: string
}

/**
 * POST /api/identity/sessions/sign-out-others: the account password, asked again so that a stolen session cannot sign
 * the customer out everywhere else and stay. Sent only in this body, never kept.
 */
export interface SignOutOthersRequest {
  password: string
}

/** How many other sessions were ended (0 when there were none). */
export interface SignedOutOthers {
  sessionsEnded: number
}

/** Text per locale tag, e.g. { "zh-CN": "…", "en": "…" }. */
export type LocalizedText = Record<string, string>

// ---- Notifications (/api/notifications/*) ----

/** The preference groups; `security` cannot be switched off. */
export const NOTIFICATION_CATEGORIES = ['account', 'payments', 'security'] as const
export type NotificationCategory = (typeof NOTIFICATION_CATEGORIES)[number]

export const NOTIFICATION_CHANNELS = ['inApp', 'email', 'sms'] as const
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number]

/**
 * What happened, e.g. `welcome`, `kyc_verified`, `login_new_device`, `transfer_received`, `review_declined`.
 * Kept open (`string`) so a kind added on the server does not break the inbox: the message's own text is shown.
 */
export type NotificationKind = string

export interface Notification {
  id: string
  /** One of NOTIFICATION_CATEGORIES; kept open like `kind`. */
  category: string
  kind?: NotificationKind
  title: LocalizedText
  body: LocalizedText
  /** An SPA path such as `/payments/{id}`, or null. */
  link?: string | null
  createdAt: string
  readAt: string | null
}

export interface NotificationPage {
  items: Notification[]
  page: number
  pageSize: number
  total: number
  unread: number
}

export interface UnreadCount {
  unread: number
}

export type ChannelSwitches = Record<NotificationChannel, boolean>

export interface CategoryPreference {
  category: NotificationCategory
  /** Always on, on every channel (security): shown, never editable. */
  locked: boolean
  channels: ChannelSwitches
}

/** GET/PUT /api/notifications/preferences: always the three categories, in the order account, payments, security. */
export interface NotificationPreferences {
  categories: CategoryPreference[]
}

export interface NotificationPreferencesUpdate {
  categories: { category: NotificationCategory; channels: ChannelSwitches }[]
}

// ---- Notifications staff console (/api/notifications/admin/*, role staff) ----

export type DeliveryChannel = 'email' | 'sms'
export type DeliveryStatus = 'pending' | 'sent' | 'failed'

/** One email or SMS the service sent (or tried to). */
export interface MessageDelivery {
  id: string
  channel: DeliveryChannel
  kind: NotificationKind
  userId: string
  /** Masked e-mail address or phone number. */
  recipient: string
  subject: string | null
  body: string
  status: DeliveryStatus
  attempts: number
  lastError: string | null
  createdAt: string
  sentAt: string | null
}

export interface DeliveryFilters {
  channel?: DeliveryChannel | ''
  status?: DeliveryStatus | ''
}

export type WebhookStatus = 'pending' | 'succeeded' | 'retrying' | 'dead'

/** One event sent (or being sent) to a partner's webhook endpoint. */
export interface WebhookDelivery {
  /** The `webhook-id` header value, "msg_…". */
  id: string
  endpointId: string
  clientId: string
  url: string
  eventType: string
  status: WebhookStatus
  attempts: number
  lastStatusCode: number | null
  lastError: string | null
  nextAttemptAt: string | null
  createdAt: string
  deliveredAt: string | null
}

export interface WebhookAttempt {
  attempt: number
  at: string
  statusCode: number | null
  error: string | null
  durationMs: number
}

export interface WebhookDeliveryDetail extends WebhookDelivery {
  attemptLog: WebhookAttempt[]
}

export interface WebhookFilters {
  status?: WebhookStatus | ''
  clientId?: string
}

export interface AdminPage<T> {
  items: T[]
  page: number
  pageSize: number
  total: number
}

/**
 * A ledger integer (minor units, ids, nanosecond timestamps). A JSON number when it fits a double exactly,
 * otherwise the exact decimal string (see `exactIntegers` in http.ts). Convert with BigInt(...) before any maths.
 */
export type LedgerInt = number | string

export interface LedgerAccount {
  id: LedgerInt
  currency: string
  code: number
  ownerId: string
  flags: string[]
  debitsPending: LedgerInt
  debitsPosted: LedgerInt
  creditsPending: LedgerInt
  creditsPosted: LedgerInt
  availableBalance: LedgerInt
  timestamp: LedgerInt
}

export interface LedgerTransfer {
  id: LedgerInt
  debitAccountId: LedgerInt
  creditAccountId: LedgerInt
  amount: LedgerInt
  currency: string
  code: number
  flags: string[]
  pendingId: LedgerInt | null
  /** How long a pending transfer holds the money; 0 for no timeout or for any other transfer. */
  timeoutSeconds: number
  timestamp: LedgerInt
}

export interface TransferPage {
  items: LedgerTransfer[]
  nextCursor: LedgerInt | null
}

// ---- Risk console (/api/risk/*, staff role risk_officer) ----

/** `kyc_upgrade`: a verified customer's application for KYC level 3, always reviewed by an officer. */
export type RiskCaseKind = 'transaction' | 'kyc' | 'kyc_upgrade'
/** `withdrawn`: closed without a decision, as the payment behind it failed first (cancelled by the payer, or timed out). */
export type RiskCaseStatus = 'open' | 'resolved' | 'withdrawn'
export type RiskDecision = 'approve' | 'decline'
export type RiskOutcome = 'approve' | 'review' | 'decline'
export type RuleMode = 'active' | 'shadow' | 'disabled'
export type RuleAction = 'review' | 'decline'

export interface RiskReason {
  code: string
  message: string
  ruleCode?: string
}

export interface RiskCaseSummary {
  id: string
  kind: RiskCaseKind
  status: RiskCaseStatus
  customerId: string
  subjectId: string
  openedAt: string
  score: number
  reasons: RiskReason[]
  summary: string
  resolution: RiskDecision | null
  resolvedAt: string | null
  /** Who works on the case; only open cases have one. */
  assignee: RiskCaseAssignee | null
}

/** The officer working on an open case (who claimed it), and since when; `isMe` when it is the signed-in officer. */
export interface RiskCaseAssignee {
  name: string
  isMe: boolean
  since: string
}

/** An officer's note on a case: plain text (line breaks kept), any officer, open or closed case. */
export interface RiskCaseNote {
  id: string
  author: string
  text: string
  createdAt: string
}

/** The queue's assignee filter: the cases the signed-in officer claimed, or those nobody has claimed. */
export type RiskAssigneeFilter = 'me' | 'none'

export interface RiskPage<T> {
  items: T[]
  page: number
  pageSize: number
  total: number
}

export interface ScreenedTransaction {
  transactionId: string
  type: string
  /** Minor units; an exact decimal string when beyond 2^53 (the detail is read with exactIntegers). */
  amount: LedgerInt
  currency: string
  payerId: string
  payeeId: string | null
  payeeName: string | null
  channel: string
  deviceId: string | null
  ipAddress: string | null
  occurredAt: string
}

export interface RiskDecisionRecord {
  decisionId: string
  outcome: RiskOutcome
  score: number
  modelScore: number | null
  reasons: RiskReason[]
  shadowReasons: RiskReason[]
}

export interface KycMatch {
  entNum: number | string
  name: string
  score: number
  reasons: string[]
}

export interface KycContext {
  submissionId: string
  legalName: string
  dateOfBirth: string | null
  nationality: string | null
  matches: KycMatch[]
}

/** The customer's screened payments over the last 30 days. */
export interface KycUpgradeActivity {
  screened: number
  /** Their total in minor units; an exact decimal string when beyond 2^53. */
  amountMinor: LedgerInt
  currency: string
  /** How many were sent to review, and how many declined. */
  reviews: number
  declines: number
}

/**
 * An application for KYC level 3 (enhanced due diligence). The answers are codes (`employee`, `salary`,
 * `200k_500k`, …), kept open (`string`) so a value added on the server still shows, as itself.
 */
export interface KycUpgradeContext {
  applicationId: string
  /** In full: officers may see it. */
  legalName: string
  /** The customer's current level; null while Risk has no record of the customer yet. */
  kycLevel: number | null
  occupation: string
  employer: string | null
  sourceOfFunds: string
  annualIncome: string
  purpose: string
  submittedAt: string
  activity30Days: KycUpgradeActivity
}

export interface RiskCaseContext {
  transaction?: ScreenedTransaction
  decision?: RiskDecisionRecord
  kyc?: KycContext
  kycUpgrade?: KycUpgradeContext
}

export interface CustomerHistoryItem {
  decisionId: string
  transactionId: string
  occurredAt: string
  type: string
  amount: LedgerInt
  currency: string
  outcome: RiskOutcome
  score: number
}

export interface RiskCaseDetail extends RiskCaseSummary {
  comment: string | null
  resolvedBy: string | null
  context: RiskCaseContext | null
  history: CustomerHistoryItem[]
  /** Oldest first. */
  notes: RiskCaseNote[]
}

export interface RiskCaseFilters {
  status?: RiskCaseStatus | ''
  kind?: RiskCaseKind | ''
  /** How resolved cases were decided. */
  resolution?: RiskDecision | ''
  assignee?: RiskAssigneeFilter | ''
  /** ISO instants. */
  from?: string
  to?: string
}

export type RuleParameters = Record<string, number>

export interface RuleSettings {
  mode: RuleMode
  action: RuleAction
  score: number
  parameters: RuleParameters
}

export interface RuleProposal extends RuleSettings {
  id: string
  proposedBy: string
  proposedByName: string | null
  proposedAt: string
  comment: string
}

export interface RiskRule extends RuleSettings {
  id: string
  code: string
  name: string
  description: string
  version: number
  updatedAt: string
  approvedBy: string | null
  pendingProposal: RuleProposal | null
  shadowHits7d: number
  activeHits7d: number
}

export interface RuleVersion extends RuleSettings {
  version: number
  proposedBy: string | null
  approvedBy: string | null
  approvedAt: string
  comment: string | null
}

export interface ShadowResult {
  decisionId: string
  transactionId: string
  occurredAt: string
  outcome: RiskOutcome
  wouldHaveBeen: RiskOutcome
}

export interface DailyRiskReport {
  date: string
  total: number
  approve: number
  review: number
  decline: number
  /** 0–1. */
  reviewRate: number
  resolvedCases: number
  /** 0–1. */
  falsePositiveRate: number
  topRules: { code: string; hits: number }[]
}

/** What a screening may say the name belongs to; the server takes only these two as a qualifier. */
export type SanctionsSubjectType = 'individual' | 'entity'

/**
 * What a list entry is: OFAC's SDN type, lowercased (an entry without one is an entity). Kept open to a type a newer
 * list adds, which is shown as it is written.
 */
export type SanctionsEntryType = SanctionsSubjectType | 'vessel' | 'aircraft' | (string & {})

export interface SanctionsQuery {
  name: string
  type?: SanctionsSubjectType
  dateOfBirth?: string
  country?: string
}

export interface SanctionsMatch {
  entNum: number | string
  name: string
  type: SanctionsEntryType
  programs: string[]
  score: number
  reasons: string[]
}

export interface SanctionsResult {
  threshold: number
  matches: SanctionsMatch[]
}

/** The reconciliation's differences between a channel's statement and Jade's books (payments operators). */
export type SuspenseStatus = 'open' | 'resolved'
export type SuspenseReason =
  | 'unknown_reference'
  | 'amount_mismatch'
  | 'not_booked'
  | 'not_settled'
  /** The acquirer refused or failed the refund of a top-up the ledger would not credit: the money is at Jade, in no wallet. */
  | 'refund_failed'
  /** The acquirer refunded a charge whose order was not being refunded. */
  | 'unexpected_refund'

export interface SuspenseItem {
  id: string
  /** The statement day (yyyy-MM-dd, UTC). */
  statementDate: string
  channel: string
  objectId: string
  reference: string | null
  orderId: string | null
  reason: SuspenseReason
  /** Decimal strings in major units, as the statement and the order have them. */
  channelAmount: string | null
  bookedAmount: string | null
  detail: string
  foundAt: string
  status: SuspenseStatus
  resolvedAt: string | null
  resolvedByName: string | null
  resolution: string | null
}

export interface SuspenseFilters {
  status: SuspenseStatus | ''
  reason: SuspenseReason | ''
}
