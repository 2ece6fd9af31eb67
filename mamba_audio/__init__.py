"""Learn, train and use state-space (Mamba) models for music

Modules:

- `mamba_audio.audio`: Read audio files as mono tensors, cut them into clips, turn clips into codes (mu-law, SpeechTokenizer, EnCodec), and lay codebooks out as one stream.
- `mamba_audio.cli`: `data`, `train`, `generate` and `demo`: the whole loop from music to tokens to a trained model to new music, from the shell.
- `mamba_audio.core`: Device choice, seeding, and the named model presets that every later notebook uses.
- `mamba_audio.data`: Tokenize a whole data set once (MIDI or audio) into one flat array on disk, with a report of every file kept or skipped; then cut it into reproducible, resumable training windows.
- `mamba_audio.datasets`: Music that needs no download (Bach's chorales from music21's corpus, as MIDI and as rendered audio), a deterministic split by piece, SoundFont rendering, and MAESTRO for those who are online.
- `mamba_audio.midi`: The symbolic path: load MIDI safely, turn it into one stream of REMI tokens compressed with learned BPE, and back into notes, MIDI files, audio and piano rolls.
- `mamba_audio.models`: Three token models behind one interface: `MambaLM` (the default), `MambaAudioModel` (the seed report's exact architecture) and a matched `TransformerLM`, with step-by-step decoding and save/load through the Hugging Face Hub mixin.
- `mamba_audio.ssm`: The continuous SSM, its discretization, recurrence = convolution = FFT, and why selective parameters need a scan.
- `mamba_audio.train`: `fit(model, dls, cfg)`: AdamW, warmup then cosine, clipping, mixed precision (bf16, or fp16 with a scaler), evaluation in bits, a live loss plot, CSV and TensorBoard logs, atomic resumable checkpoints, and several GPUs through `torchrun`."""

__version__ = "0.0.1"
