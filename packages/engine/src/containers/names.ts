/** Random `adjective_surname` names for containers created without one, as Docker's. */
import { randomInt } from 'node:crypto';

const ADJECTIVES = [
  'admiring', 'affectionate', 'agitated', 'amazing', 'angry', 'awesome', 'blissful', 'bold', 'brave',
  'charming', 'clever', 'compassionate', 'competent', 'confident', 'cool', 'dazzling', 'determined',
  'dreamy', 'eager', 'ecstatic', 'elastic', 'elated', 'elegant', 'epic', 'fervent', 'festive', 'focused',
  'friendly', 'frosty', 'gallant', 'gifted', 'goofy', 'gracious', 'happy', 'hopeful', 'hungry', 'inspiring',
  'jolly', 'jovial', 'keen', 'kind', 'laughing', 'loving', 'lucid', 'magical', 'modest', 'musing',
  'mystifying', 'nice', 'nifty', 'nostalgic', 'objective', 'optimistic', 'peaceful', 'pedantic', 'pensive',
  'practical', 'priceless', 'quirky', 'quizzical', 'relaxed', 'reverent', 'romantic', 'serene', 'sharp',
  'silly', 'sleepy', 'stoic', 'strange', 'sweet', 'tender', 'trusting', 'upbeat', 'vibrant', 'vigilant',
  'vigorous', 'wizardly', 'wonderful', 'youthful', 'zealous', 'zen',
];

const SURNAMES = [
  'agnesi', 'albattani', 'archimedes', 'ardinghelli', 'babbage', 'bardeen', 'bartik', 'bell', 'blackwell',
  'bohr', 'booth', 'borg', 'bose', 'brahmagupta', 'brattain', 'burnell', 'cannon', 'carson', 'cerf',
  'chandrasekhar', 'clarke', 'curie', 'darwin', 'dijkstra', 'einstein', 'elion', 'engelbart', 'euclid',
  'euler', 'fermat', 'fermi', 'feynman', 'franklin', 'galileo', 'gauss', 'goldberg', 'goodall', 'hamilton',
  'hawking', 'heisenberg', 'hertz', 'hodgkin', 'hopper', 'hypatia', 'jackson', 'jennings', 'johnson',
  'kalam', 'keller', 'kepler', 'khorana', 'knuth', 'lamarr', 'lamport', 'leakey', 'lovelace', 'lumiere',
  'mahavira', 'mayer', 'mccarthy', 'meitner', 'mendel', 'mirzakhani', 'morse', 'napier', 'newton', 'noether',
  'pascal', 'pasteur', 'perlman', 'pike', 'poincare', 'ptolemy', 'raman', 'ritchie', 'rosalind', 'sammet',
  'shannon', 'shockley', 'sinoussi', 'stonebraker', 'swanson', 'tesla', 'thompson', 'torvalds', 'turing',
  'varahamihira', 'villani', 'wescoff', 'wiles', 'williams', 'wilson', 'wozniak', 'wright', 'yalow', 'yonath',
];

export function randomName(): string {
  return `${ADJECTIVES[randomInt(ADJECTIVES.length)]}_${SURNAMES[randomInt(SURNAMES.length)]}`;
}
