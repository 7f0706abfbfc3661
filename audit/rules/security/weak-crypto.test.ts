import rule from './weak-crypto.ts'
import { ruleTester } from '../../test/rule-tester.ts'

ruleTester(rule, {
  valid: [
    {
      name: 'random IV per record',
      code: "const iv = crypto.getRandomValues(new Uint8Array(12))\nconst enc = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, data)\n",
    },
    {
      name: 'IV decoded from the stored record',
      code: "const pt = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: new Uint8Array(record.iv) }, key, ct)\n",
    },
    { name: 'pinned algorithms', code: "await jwtVerify(token, key, { algorithms: ['HS256'] })\n" },
    {
      name: 'Python random salt and verified TLS',
      lang: 'python',
      code: 'salt = os.urandom(16)\nr = requests.get(url, verify=True, timeout=5)\n',
    },
    {
      name: 'sha256 of a file, md5 of non-password data',
      lang: 'python',
      code: 'h = hashlib.md5(file_bytes).hexdigest()\n',
    },
  ],
  invalid: [
    {
      name: 'static salt, alg none, no signature verification, TLS off',
      lang: 'python',
      code: 'SALT = b"static_salt_value"\njwt.decode(t, key, algorithms=["none"])\njwt.decode(t, options={"verify_signature": False})\nrequests.get(url, verify=False)\n',
      errors: [
        { line: 1, messageId: 'staticBytes' },
        { line: 2, messageId: 'algNone' },
        { line: 3, messageId: 'noVerify' },
        { line: 4, messageId: 'noVerify' },
      ],
    },
    {
      name: 'zero IV and rejectUnauthorized false, md5 password',
      code: "const params = { name: 'AES-GCM', iv: new Uint8Array(12) }\nconst agent = new Agent({ rejectUnauthorized: false })\nconst h = createHash('md5').update(password).digest('hex')\n",
      errors: [
        { line: 1, messageId: 'staticBytes' },
        { line: 2, messageId: 'noVerify' },
        { line: 3, messageId: 'weakHash' },
      ],
    },
  ],
})
