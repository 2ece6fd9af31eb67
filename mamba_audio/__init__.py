"""Learn, train and use state-space (Mamba) models for music

Modules:

- `mamba_audio.data`: Tokenize a whole data set once (MIDI or audio) into one flat array on disk, with a report of every file kept or skipped; then cut it into reproducible, resumable training windows.
- `mamba_audio.datasets`: Music that needs no download (Bach's chorales from music21's corpus, as MIDI and as rendered audio), a deterministic split by piece, SoundFont rendering, and MAESTRO for those who are online.
- `mamba_audio.midi`: The symbolic path: load MIDI safely, turn it into one stream of REMI tokens compressed with learned BPE, and back into notes, MIDI files, audio and piano rolls."""

__version__ = "0.0.1"
