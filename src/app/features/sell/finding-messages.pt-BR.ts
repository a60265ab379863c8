import type { findingEn } from './finding-messages.js';

/** Brazilian Portuguese of finding-messages.ts: loaded only when the till is in Portuguese (src/app/i18n/pt-BR.ts). */
export const findingPtBR: Record<keyof typeof findingEn, string> = {
  'scan.notRecognised': 'Leitura não reconhecida, tente de novo.',
  'scan.uneven':
    'Leitura não reconhecida: o leitor parou no meio do código. Tente de novo; se continuar, aumente o intervalo do leitor na tela Aparelho.',
  'scan.tooSlow':
    'Leitura não reconhecida: este leitor digita mais devagar do que o aparelho espera. Aumente o intervalo do leitor na tela Aparelho e leia de novo.',
  'scanner.title': 'Leitor de código de barras',
  'scanner.gap': 'Maior intervalo entre as teclas de uma leitura (ms)',
  'scanner.gapHint': 'Leitores com fio: 20 a 50. Leitores Bluetooth lentos: 100 ou mais. Alto demais, e digitação rápida pode parecer uma leitura.',
  'scanner.save': 'Salvar intervalo do leitor',
  'scanner.saved': 'Salvo: uma leitura pode parar até {ms} ms entre as teclas.',
  'scanner.invalid': 'Digite um número inteiro de {min} a {max}.',
  'scanner.try': 'Leitura de teste: leia qualquer código neste campo',
  'scanner.measured': 'A leitura teve {chars} teclas, o maior intervalo foi {ms} ms.',
  'scanner.use': 'Usar {ms} ms',
  'grid.open': 'Grade',
  'grid.openNamed': 'Tamanhos e cores de {name}',
  'grid.title': 'Tamanhos e cores',
  'grid.close': 'Fechar tamanhos e cores',
  'grid.loading': 'Carregando tamanhos e cores…',
  'grid.colour': 'Cor',
  'grid.oneSize': 'Tamanho único',
  'grid.noColour': 'Sem cor',
  'grid.add': 'Adicionar {colour} {size}, {count} em estoque',
  'grid.addUnknown': 'Adicionar {colour} {size}, estoque ainda desconhecido',
  'grid.none': '{colour} {size} não existe',
  'grid.inactive': '{colour} {size} não é mais vendido',
  'grid.variants': '{count} variações',
  'grid.variants_one': '1 variação',
};
