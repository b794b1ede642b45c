//! Runs the orders API: `ORDERS_ADDR` (default `127.0.0.1:3000`), DynamoDB
//! configured from the environment as the AWS SDKs do
//! (`AWS_ENDPOINT_URL=http://localhost:8000` for DynamoDB Local).

use std::process::ExitCode;

use rynamo_native::Client;

fn main() -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("could not start the runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("orders service: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let db = Client::from_env()?;
    rynamo_service_example::create_tables(&db).await?;
    let addr = std::env::var("ORDERS_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".into());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    eprintln!(
        "orders service listening on http://{}",
        listener.local_addr()?
    );
    rynamo_service_example::serve(listener, db).await;
    Ok(())
}
