import { textFields, type TextField } from './util.js';
import type { FieldPath } from '../util/yaml.js';
import { defineRule } from './types.js';

// Bidi controls can make a text read differently from what reviewers see (Trojan Source).
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
// Zero-width characters hide differences between texts and break hashtags and mentions; so do
// variation selectors out of place.
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u180E\uFE00-\uFE0F]/;
// …except inside an emoji: 👨‍👩‍👧 is man, ZWJ, woman, ZWJ, girl, and ❤️ is a heart and VS16.
// Unicode's list of recommended emoji sequences (RGI) tells a real sequence from a stray joiner;
// a text or emoji presentation selector right after an emoji character is fine too.
// (Built with RegExp: TypeScript's ES2022 target refuses the `v` flag in a literal; Node ≥ 20 has it.)
// Compiling it costs ~15 ms: only for a text that has a zero-width character.
let emojiSequence: RegExp | undefined;

/** The text with its emoji sequences blanked out, same length, so indexes still match. */
function withoutEmoji(text: string): string {
  emojiSequence ??= new RegExp('\\p{RGI_Emoji}|\\p{Emoji}[\\uFE0E\\uFE0F]', 'gv');
  return text.replace(emojiSequence, (m) => ' '.repeat(m.length));
}
// Half of a surrogate pair: the text is not valid Unicode and networks mangle or refuse it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// C0/C1 controls except newline and tab.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

/** Every string value of the post, with its path (arrays and objects walked). */
function stringLeaves(v: unknown, path: FieldPath = [], out: TextField[] = []): TextField[] {
  if (typeof v === 'string') out.push({ path, text: v });
  else if (Array.isArray(v)) v.forEach((x, i) => stringLeaves(x, [...path, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) stringLeaves(x, [...path, k], out);
  return out;
}

function describe(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

export default defineRule({
  meta: {
    id: 'text-hygiene',
    defaultSeverity: 'error',
    description: {
      fr: 'Le texte est normalisé (NFC), sans caractères de contrôle, invisibles ou de direction ; pas de texte vide.',
      en: 'Text is NFC-normalised, without control, invisible or bidi characters; no empty text.',
    },
    messages: {
      notNfc: {
        fr: 'Le texte n’est pas normalisé (NFC) : des accents sont écrits en deux caractères ; retapez-les ou copiez le texte depuis un éditeur ordinaire.',
        en: 'The text is not NFC-normalised: some accents are written as two characters; retype them or paste from an ordinary editor.',
      },
      bidi: {
        fr: 'Caractère de contrôle de direction invisible ({{code}}) : il peut faire lire autre chose que ce qui est affiché ; supprimez-le.',
        en: 'Invisible bidi control character ({{code}}): it can make the text read differently from what is shown; remove it.',
      },
      zeroWidth: {
        fr: 'Caractère invisible de largeur nulle ({{code}}) : supprimez-le (il casse hashtags et mentions).',
        en: 'Invisible zero-width character ({{code}}): remove it (it breaks hashtags and mentions).',
      },
      control: {
        fr: 'Caractère de contrôle ({{code}}) dans le texte : supprimez-le.',
        en: 'Control character ({{code}}) in the text: remove it.',
      },
      surrogate: {
        fr: 'Caractère invalide ({{code}}, moitié d’un émoji ou d’un caractère) : retapez ce passage.',
        en: 'Invalid character ({{code}}, half of an emoji or character): retype this part.',
      },
      empty: {
        fr: 'Texte vide : écrivez le message ou retirez le champ.',
        en: 'Empty text: write the message or remove the field.',
      },
    },
  },
  check(ctx) {
    for (const f of textFields(ctx.post.data, { spoilers: true, alts: true })) {
      if (f.text.trim() === '') {
        ctx.report({ messageId: 'empty', path: f.path });
        continue;
      }
      for (const [re, id] of [[BIDI, 'bidi'], [ZERO_WIDTH, 'zeroWidth'], [CONTROL, 'control'], [LONE_SURROGATE, 'surrogate']] as const) {
        // Emoji are masked only in a text with a zero-width character (masking adds none).
        const m = id === 'zeroWidth' ? (re.test(f.text) ? re.exec(withoutEmoji(f.text)) : null) : re.exec(f.text);
        if (m) ctx.report({ messageId: id, path: f.path, needle: m[0], at: m.index, data: { code: describe(m[0]) } });
      }
      if (f.text.normalize('NFC') !== f.text) ctx.report({ messageId: 'notNfc', path: f.path });
    }
    // Every other string of the post (event name and place, review note, author, links…) is free
    // text too: it reaches terminals (calendar, letter -f text), feeds and mailboxes. The same
    // controls are refused as in the texts (a line break is left to the outputs, which escape it).
    const seen = new Set(textFields(ctx.post.data, { spoilers: true, alts: true }).map((f) => f.path.join('\0')));
    for (const f of stringLeaves(ctx.post.data)) {
      if (seen.has(f.path.join('\0'))) continue;
      for (const [re, id] of [[BIDI, 'bidi'], [CONTROL, 'control'], [LONE_SURROGATE, 'surrogate']] as const) {
        const m = re.exec(f.text);
        if (m) ctx.report({ messageId: id, path: f.path, needle: m[0], at: m.index, data: { code: describe(m[0]) } });
      }
    }
  },
});
