import { afterEach, describe, expect, it } from 'vitest'
import { createApp, h, ref } from 'vue'
import { createPinia } from 'pinia'
import { i18n } from '@/i18n'
import { useSessionStore } from '@/stores/session'
import PasswordField from '@/components/PasswordField.vue'
import { flush } from './helpers'
import { resetDom } from './mountHelpers'

afterEach(resetDom)

async function mountPasswordField(email: string | null) {
  const pinia = createPinia()
  if (email) {
    useSessionStore(pinia).user = { isAuthenticated: true, sub: 'u-1', email, roles: ['customer'], logoutUrl: '/bff/logout?sid=x' }
  }
  const el = document.createElement('form')
  document.body.appendChild(el)
  const password = ref('')
  createApp({
    render: () =>
      h(PasswordField, {
        modelValue: password.value,
        'onUpdate:modelValue': (v: string) => (password.value = v),
        inputId: 'confirm-password',
        label: 'Password',
        error: '',
        busy: false,
        testId: 'confirm-password',
      }),
  })
    .use(pinia)
    .use(i18n)
    .mount(el)
  await flush()
  return el
}

describe('the account password field', () => {
  it('tells the password manager whose password it is, just before the password, unseen and out of the tab order', async () => {
    const form = await mountPasswordField('ann@example.com')
    const inputs = [...form.querySelectorAll('input')]
    const username = form.querySelector<HTMLInputElement>('[data-testid="account-username"]')!
    const password = form.querySelector<HTMLInputElement>('input[type="password"]')!

    expect(username.autocomplete).toBe('username')
    expect(username.value).toBe('ann@example.com')
    expect(username.hidden).toBe(true)
    expect(username.tabIndex).toBe(-1)
    expect(username.getAttribute('aria-hidden')).toBe('true')
    expect(password.autocomplete).toBe('current-password')
    expect(inputs.indexOf(username)).toBe(inputs.indexOf(password) - 1)
  })

  it('is empty, not missing, before the session is known', async () => {
    const form = await mountPasswordField(null)
    expect(form.querySelector<HTMLInputElement>('[data-testid="account-username"]')?.value).toBe('')
  })
})
