"""Learn, train and use state-space (Mamba) models for music

Modules:

- `mamba_audio.app`: Hear what a model makes, as a musician would: continue a held-out piece, your own MIDI file or audio clip (or start from nothing), choose how to sample, get several samples ranked by the model's own likelihood, with progress and Stop, and listen to each next to the real continuation.
- `mamba_audio.audio`: Read audio files as mono tensors, cut them into clips, turn clips into codes (mu-law, SpeechTokenizer, EnCodec), and lay codebooks out as one stream.
- `mamba_audio.cli`: `data`, `train`, `generate` and `demo`: the whole loop from music to tokens to a trained model to new music, from the shell.
- `mamba_audio.core`: Device choice, seeding, and the named model presets that every later notebook uses.
- `mamba_audio.data`: Tokenize a whole data set once (MIDI or audio) into one flat array on disk, with a report of every file kept or skipped; then cut it into reproducible, resumable training windows.
- `mamba_audio.datasets`: Music that needs no download (Bach's chorales from music21's corpus, as MIDI and as rendered audio), a deterministic split by piece, SoundFont rendering, and MAESTRO for those who are online.
- `mamba_audio.generate`: Sampling (temperature, top-k, top-p, min-p, among the ids the training music uses), then batched, seeded generation through each model's `step`: O(1) per token for Mamba, a KV cache for the Transformer, which continues past its cap in windows. Each sample's own likelihood ranks it; a callback shows progress and stops a run. Output goes back to MIDI and WAV.
- `mamba_audio.mamba`: The selective SSM wrapped in projections, a causal convolution and a gate: `forward` over a whole sequence, and `step` for O(1)-per-token decoding. Parameter names and shapes match `mamba_ssm.Mamba`.
- `mamba_audio.midi`: The symbolic path: load MIDI safely, turn it into one stream of REMI tokens compressed with learned BPE, and back into notes, MIDI files, audio and piano rolls.
- `mamba_audio.models`: Three token models behind one interface: `MambaLM` (the default), `MambaAudioModel` (the seed report's exact architecture) and a matched `TransformerLM`, with step-by-step decoding and save/load through the Hugging Face Hub mixin.
- `mamba_audio.scan`: Mamba's recurrence with input-dependent Δ, B and C: a reference loop, a chunked pure-PyTorch scan for any device, a compiled CPU kernel, a chunked Triton kernel for any CUDA GPU, and `mamba_ssm`'s CUDA kernel behind one `selective_scan`.
- `mamba_audio.ssm`: The continuous SSM, its discretization, recurrence = convolution = FFT, and why selective parameters need a scan.
- `mamba_audio.train`: `fit(model, dls, cfg)`: AdamW, warmup then cosine, clipping, mixed precision (bf16, or fp16 with a scaler), each step replayed from one CUDA graph on a GPU, evaluation in bits, a live loss plot, CSV and TensorBoard logs, atomic resumable checkpoints, and several GPUs through `torchrun`."""

__version__ = "0.0.1"
