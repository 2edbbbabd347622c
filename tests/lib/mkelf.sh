# mkelf.sh - sourced: mkelf OUT TEXT [exec|dyn]
#
# Writes OUT, a real and tiny x86-64 ELF executable (or, with dyn, an ELF of
# type ET_DYN, what file(1) calls a shared object): one PT_LOAD segment whose
# code is exit(0), followed by TEXT, so that each stub has its own bytes, its
# own hash and strings(1) output. Byte for byte the same on every machine:
# no compiler involved. Running it exits 0.

# le N BYTES: N as BYTES little-endian bytes
mkelf_le() {
	_n=$1 _i=0
	while [ "$_i" -lt "$2" ]; do
		# shellcheck disable=SC2059
		printf "\\$(printf %03o $((_n & 255)))"
		_n=$((_n >> 8)) _i=$((_i + 1))
	done
}

mkelf() {
	_out=$1 _text=$2 _type=2
	[ "${3:-exec}" = dyn ] && _type=3
	_len=$(printf '%s\n' "$_text" | wc -c)
	_size=$((64 + 56 + 9 + _len))
	{
		# e_ident: ELFCLASS64, ELFDATA2LSB, EV_CURRENT, ELFOSABI_SYSV
		printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000'
		mkelf_le "$_type" 2	# e_type
		mkelf_le 62 2		# e_machine EM_X86_64
		mkelf_le 1 4		# e_version
		mkelf_le $((0x400078)) 8	# e_entry: the code after the headers
		mkelf_le 64 8		# e_phoff
		mkelf_le 0 8		# e_shoff: no sections
		mkelf_le 0 4		# e_flags
		mkelf_le 64 2		# e_ehsize
		mkelf_le 56 2		# e_phentsize
		mkelf_le 1 2		# e_phnum
		mkelf_le 64 2		# e_shentsize
		mkelf_le 0 2		# e_shnum
		mkelf_le 0 2		# e_shstrndx
		mkelf_le 1 4		# p_type PT_LOAD
		mkelf_le 5 4		# p_flags R|X
		mkelf_le 0 8		# p_offset
		mkelf_le $((0x400000)) 8	# p_vaddr
		mkelf_le $((0x400000)) 8	# p_paddr
		mkelf_le "$_size" 8	# p_filesz
		mkelf_le "$_size" 8	# p_memsz
		mkelf_le 4096 8		# p_align
		# xor edi,edi; mov eax,60 (exit); syscall
		printf '\061\377\270\074\000\000\000\017\005'
		printf '%s\n' "$_text"
	} >"$_out"
}
