// Passkey sign-in on the login page: ask identity for a challenge, let the browser find a Jade passkey (fingerprint,
// face or device PIN), and post its answer back as a form, so the sign-in ends in a redirect like the password form.
(() => {
  const form = document.getElementById('passkey-form');
  if (!form || !window.PublicKeyCredential || !navigator.credentials) return;
  const button = document.getElementById('passkey-button');
  const error = document.getElementById('passkey-error');
  document.getElementById('passkey-signin').hidden = false;

  const fromBase64Url = (text) => {
    const base64 = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer;
  };
  const toBase64Url = (buffer) => {
    let binary = '';
    for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  };
  const requestOptions = (json) => PublicKeyCredential.parseRequestOptionsFromJSON
    ? PublicKeyCredential.parseRequestOptionsFromJSON(json)
    : {
        ...json,
        challenge: fromBase64Url(json.challenge),
        allowCredentials: (json.allowCredentials || []).map((c) => ({ ...c, id: fromBase64Url(c.id) })),
      };
  const credentialJson = (credential) => {
    if (typeof credential.toJSON === 'function') return credential.toJSON();
    const response = credential.response;
    return {
      id: credential.id,
      rawId: toBase64Url(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: {
        clientDataJSON: toBase64Url(response.clientDataJSON),
        authenticatorData: toBase64Url(response.authenticatorData),
        signature: toBase64Url(response.signature),
        userHandle: response.userHandle ? toBase64Url(response.userHandle) : null,
      },
    };
  };
  const show = (message) => {
    error.textContent = message;
    error.hidden = false;
    button.removeAttribute('aria-busy');
    button.disabled = false;
  };

  button.addEventListener('click', async () => {
    error.hidden = true;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    const token = form.querySelector('input[name="__RequestVerificationToken"]').value;
    let ceremony;
    try {
      const response = await fetch(form.dataset.optionsUrl, {
        method: 'POST',
        headers: { RequestVerificationToken: token },
        credentials: 'same-origin',
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      ceremony = await response.json();
    } catch {
      show(form.dataset.failed);
      return;
    }
    let credential;
    try {
      credential = await navigator.credentials.get({ publicKey: requestOptions(ceremony.options) });
    } catch {
      show(form.dataset.cancelled);
      return;
    }
    if (!credential) {
      show(form.dataset.cancelled);
      return;
    }
    form.elements.ceremonyId.value = ceremony.ceremonyId;
    form.elements.credential.value = JSON.stringify(credentialJson(credential));
    form.submit();
  });
})();
