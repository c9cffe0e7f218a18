/** Hiding passwords in connection strings and free text: used by settings, the database layer and the CLI's output. */

/** Hides a password anywhere in a connection string: `postgresql://u:***@h/db`. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/?#@\s]*:)[^@/\s]*@/g, '$1***@').replace(/([?&]password=)[^&\s]*/gi, '$1***');
}

/** Redacts every connection string, and any password given as a `password=` pair, in free text. */
export function redactSecrets(text: string, urls: readonly string[] = []): string {
  let out = text;
  for (const url of urls) {
    const password = passwordOf(url);
    if (password) out = out.split(password).join('***');
  }
  return redactUrl(out);
}

function passwordOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.password ? decodeURIComponent(parsed.password) || null : null;
  } catch {
    return null;
  }
}
