import { useI18n } from 'vue-i18n'
import { partyLabel } from '@/utils/partyLabels'

/** A party's label (an order's counterparty, a receipt's payer or payee) as text in the reader's language. */
export function usePartyLabel() {
  const { t } = useI18n()
  return (label: string, ownSide = false): string => {
    const party = partyLabel(label, ownSide)
    return 'text' in party ? party.text : t(party.key, party.values)
  }
}
