import { parseYamlText } from './dist/util/yaml.js';
import { SYNTAX_MESSAGES } from './dist/rules/schema.js';
import { tr } from './dist/i18n/index.js';
const cases = {
 apostrophe: "type: quartier\ntext: 'Locaux Motiv' vous invite\n",
 indent: "type: quartier\nmedia:\n  - file: media/a.jpg\n     alt: Une photo\n",
 indent2: "type: quartier\nmedia:\n  - file: media/a.jpg\n   alt: Une photo\n",
 indent3: "type: quartier\nmedia:\n  - file: media/a.jpg\n      alt: Une photo\n",
 indent4: "type: quartier\nevent:\n  name: a\n   place: b\n",
 indent5: "type: quartier\nevent:\n   name: a\n  place: b\n",
 colon: "type: quartier\ntext: Horaires : 19 h\n",
 tab: "type: quartier\nevent:\n\tname: Marché\n",
 tab2: "type: quartier\ntext: |\n\tBonjour\n",
 dup: "text: a\ntext: b\n",
 docs: "text: a\n---\ntext: b\n",
 unclosed: 'type: x\ntext: "abc\nlink: x\n',
 flow: "networks: [facebook\ntext: x\n",
 badesc: 'text: "a\\qb"\n',
 at: "text: @camille bonjour\n",
 multiline: "text: a\nmore text here\nlink: x\n",
 comment: "text: \"a\"#b\n",
 block: "text: |x\n  a\n",
 dash: "type: quartier\nnetworks:\n  - twitter\n - facebook\n",
 tag: "text: !!int abc\n",
};
for (const [k, src] of Object.entries(cases)) {
  const p = parseYamlText(src);
  console.log(k, p.problems.map(x => `${x.line}:${x.column} [${x.code}] ${tr('fr', SYNTAX_MESSAGES[x.code] ?? {fr:'??'+x.code}, {detail:x.detail, ...x.data})}`).join('\n   '));
}
