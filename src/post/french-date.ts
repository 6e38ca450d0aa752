// A date written by hand the French way in a post file (« 09/12/2026 10h », « 9/12/2026 à 10:30 »).
// lm-post stores dates as ISO 8601; `new` and `reschedule` normalise what people type, but a file
// edited by hand is only read: check says how it reads the date and what to write instead
// (SPEC §17). It never rewrites the file itself — check writes nothing.
const FRENCH = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(?:à\s+)?(\d{1,2})\s*(?:h|:)\s*(\d{2})?)?$/i;
const DAYS_FR = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
const MONTHS_FR = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const DAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const p2 = (n: number) => String(n).padStart(2, '0');

export interface FrenchDate {
  /** Wall-clock ISO without offset (read in the charter's zone), e.g. 2026-12-09T10:00. */
  iso: string;
  fr: string;
  en: string;
  /** A time was written. */
  hasTime: boolean;
}

export function readFrenchDate(text: string): FrenchDate | undefined {
  const m = FRENCH.exec(text.trim());
  if (!m) return undefined;
  const [, d, mo, y, h, mi] = m;
  const D = Number(d), M = Number(mo), Y = Number(y), H = Number(h ?? 0), MI = Number(mi ?? 0);
  const date = new Date(Date.UTC(Y, M - 1, D));
  if (M < 1 || M > 12 || date.getUTCDate() !== D || H > 23 || MI > 59) return undefined;
  const dow = date.getUTCDay();
  const time = `${p2(H)}:${p2(MI)}`;
  return {
    iso: `${Y}-${p2(M)}-${p2(D)}T${time}`,
    fr: `${DAYS_FR[dow]} ${D === 1 ? '1er' : D} ${MONTHS_FR[M - 1]} ${Y}${h ? ` à ${time}` : ''}`,
    en: `${DAYS_EN[dow]}, ${D} ${MONTHS_EN[M - 1]} ${Y}${h ? ` at ${time}` : ''}`,
    hasTime: h !== undefined,
  };
}

export const FRENCH_DATE_MESSAGE = {
  fr: '« {{field}} » est écrit à la française (« {{value}} »), lu comme le {{read}} : dans le fichier, écrivez {{field}}: {{iso}} (heure de la charte), ou laissez lm-post l’écrire : lm-post reschedule {{id}} "{{value}}".',
  en: '"{{field}}" is written the French way ("{{value}}"), read as {{read}}: in the file, write {{field}}: {{iso}} (the charter\'s time), or let lm-post write it: lm-post reschedule {{id}} "{{value}}".',
} as const;
