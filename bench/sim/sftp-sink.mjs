// Just enough SFTP for Ansible to upload its copy of the probe (OpenSSH `sftp -b`:
// realpath, stat, open, write, close, setstat). Uploaded bytes are counted and
// dropped; nothing touches this machine's disk.
import ssh2 from 'ssh2'

const {STATUS_CODE} = ssh2.utils.sftp

const FILE_ATTRS = {mode: 0o100700, uid: 0, gid: 0, size: 0, atime: 0, mtime: 0}
const DIR_ATTRS = {...FILE_ATTRS, mode: 0o40700}

export function serveSftp(sftp) {
  const handles = new Map()
  let next = 0
  const ok = (id) => sftp.status(id, STATUS_CODE.OK)
  sftp
    .on('REALPATH', (id, path) => {
      const full = path === '.' || path === '' ? '/root' : path
      sftp.name(id, [{filename: full, longname: full, attrs: DIR_ATTRS}])
    })
    // Directories (ansible's temp dir) exist; a file does not until it is written.
    .on('STAT', (id, path) => (/ansible-tmp-[^/]+\/?$|^\/root\/?$/.test(path) ? sftp.attrs(id, DIR_ATTRS) : sftp.status(id, STATUS_CODE.NO_SUCH_FILE)))
    .on('LSTAT', (id) => sftp.status(id, STATUS_CODE.NO_SUCH_FILE))
    .on('OPEN', (id, path) => {
      const handle = Buffer.alloc(4)
      handle.writeUInt32BE(next++)
      handles.set(handle.toString('hex'), {path, bytes: 0})
      sftp.handle(id, handle)
    })
    .on('WRITE', (id, handle, offset, data) => {
      const file = handles.get(handle.toString('hex'))
      if (!file) return sftp.status(id, STATUS_CODE.FAILURE)
      file.bytes += data.length
      ok(id)
    })
    .on('FSTAT', (id, handle) => sftp.attrs(id, {...FILE_ATTRS, size: handles.get(handle.toString('hex'))?.bytes ?? 0}))
    .on('CLOSE', (id, handle) => (handles.delete(handle.toString('hex')) ? ok(id) : sftp.status(id, STATUS_CODE.FAILURE)))
    .on('SETSTAT', ok)
    .on('FSETSTAT', ok)
    .on('MKDIR', ok)
    .on('REMOVE', ok)
    .on('RMDIR', ok)
    .on('OPENDIR', (id) => sftp.status(id, STATUS_CODE.OP_UNSUPPORTED))
    .on('RENAME', ok)
    // The client ends with EOF and then waits for the channel to close.
    .on('end', () => sftp.end())
}
