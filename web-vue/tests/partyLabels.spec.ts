import { describe, expect, it } from 'vitest'
import { i18n } from '@/i18n'
import type { PaymentView } from '@/api/payments'
import { partyLabel } from '@/utils/partyLabels'
import { jsonResponse } from './helpers'
import { detail, mountPayments, order, serveFetch, resetPaymentPagesAfterEach } from './paymentHelpers'

const LIST = 'GET /api/payments/orders'

const topUp = order({
  id: 'top-1',
  kind: 'topup',
  direction: 'incoming',
  status: 'completed',
  amountMinor: 50_000,
  counterparty: { customerId: null, maskedName: 'Bank card' },
})
const withdrawal = order({
  id: 'wd-1',
  kind: 'withdrawal',
  status: 'completed',
  amountMinor: 2000,
  counterparty: { customerId: null, maskedName: 'Card •••• 4242' },
})
const sent = order({ id: 'o-sent', status: 'completed' })
const fromPartner = order({
  id: 'o-partner',
  direction: 'incoming',
  status: 'completed',
  counterparty: { customerId: null, maskedName: 'Partner bank acme' },
})

resetPaymentPagesAfterEach()

const say = (label: string, locale: 'en' | 'zh-CN', ownSide = false) => {
  const party = partyLabel(label, ownSide)
  return 'text' in party ? party.text : i18n.global.t(party.key, party.values, { locale })
}

describe('partyLabel', () => {
  it('says the labels Jade writes in the reader’s language, and passes the rest through as stored', () => {
    const labels = ['Bank card', 'Wallet', 'Jade customer', 'Card •••• 4242', 'Partner bank acme', 's*****e@example.com', '6200 00** **** 0005', 'Something new']
    expect(labels.map((l) => say(l, 'zh-CN'))).toEqual([
      '银行卡',
      '钱包',
      'Jade 用户',
      '银行卡 •••• 4242',
      '合作银行 acme',
      's*****e@example.com',
      '6200 00** **** 0005',
      'Something new',
    ])
    expect(labels.map((l) => say(l, 'en'))).toEqual(labels)
  })

  it('names the customer’s own wallet when the label is empty, and nobody otherwise', () => {
    expect(say('  ', 'zh-CN', true)).toBe('钱包')
    expect(say('', 'zh-CN')).toBe('—')
  })

  it('translates only whole labels', () => {
    expect(say('Bank card 2', 'zh-CN')).toBe('Bank card 2')
    expect(say('Card •••• 12345', 'zh-CN')).toBe('Card •••• 12345')
  })
})

describe('counterparty labels on the payment pages', { timeout: 20_000 }, () => {
  it('shows the history’s Jade labels in Chinese to zh-CN readers, and e-mails as they are', async () => {
    const list: PaymentView[] = [topUp, withdrawal, sent, fromPartner]
    serveFetch({ [LIST]: [jsonResponse({ items: list, page: 1, pageSize: 20, total: list.length })] })
    const m = await mountPayments('/payments')
    expect(m.all('payment-link').map((link) => link.textContent?.trim())).toEqual(['银行卡', '银行卡 •••• 4242', 's*****e@example.com', '合作银行 acme'])
    m.unmount()
  })

  it('keeps them in English for English readers', async () => {
    i18n.global.locale.value = 'en'
    serveFetch({ [LIST]: [jsonResponse({ items: [topUp, sent], page: 1, pageSize: 20, total: 2 })] })
    const m = await mountPayments('/payments')
    expect(m.all('payment-link').map((link) => link.textContent?.trim())).toEqual(['Bank card', 's*****e@example.com'])
    m.unmount()
  })

  it.each([
    ['a top-up', topUp, '银行卡'],
    ['a withdrawal', withdrawal, '银行卡 •••• 4242'],
    ['a transfer', sent, 's*****e@example.com'],
  ])('shows the counterparty of %s in the detail in zh-CN', async (_, shown, expected) => {
    serveFetch({ [`GET /api/payments/orders/${shown.id}`]: [() => jsonResponse(detail({ ...shown, timeline: [] }))] })
    const m = await mountPayments(`/payments/${shown.id}`)
    expect(m.text('payment-counterparty')).toBe(expected)
    m.unmount()
  })
})
