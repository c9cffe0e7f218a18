import { randomInt } from 'node:crypto';

// Prefect names runs "adjective-animal"; operators read these in `runs ls`, so keep them short.
const ADJECTIVES = [
  'amber', 'bold', 'brave', 'bright', 'calm', 'clever', 'cosmic', 'crimson', 'daring', 'eager', 'fast', 'gentle',
  'golden', 'happy', 'jolly', 'keen', 'lively', 'lucky', 'mellow', 'nimble', 'proud', 'quiet', 'rapid', 'shiny',
  'silver', 'steady', 'swift', 'tidy', 'vivid', 'witty', 'zesty', 'sunny',
];
const ANIMALS = [
  'badger', 'beaver', 'bison', 'crane', 'dolphin', 'eagle', 'falcon', 'ferret', 'gecko', 'heron', 'ibis', 'jaguar',
  'koala', 'lemur', 'lynx', 'marmot', 'newt', 'ocelot', 'otter', 'owl', 'panda', 'puffin', 'quail', 'raven',
  'salmon', 'seal', 'tapir', 'toucan', 'walrus', 'wombat', 'yak', 'zebra',
];

export function generateRunName(): string {
  return `${ADJECTIVES[randomInt(ADJECTIVES.length)]}-${ANIMALS[randomInt(ANIMALS.length)]}`;
}
